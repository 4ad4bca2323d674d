// The one Catch2 main shared by every test executable (compiled once, as an object library).
// rapidcheck reads its settings from the RC_PARAMS environment variable, e.g.
// RC_PARAMS="max_success=1000 seed=42".
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
