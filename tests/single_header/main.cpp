// Built with only single_include/ on the include path: proves the generated single header
// stands alone.
#include "sipkit/sipkit.hpp"

#include <cstdio>
#include <cstring>

int main() {
    std::printf("sipkit %s (single header)\n", SIPKIT_VERSION_STRING);
    return std::strlen(SIPKIT_VERSION_STRING) > 0 ? 0 : 1;
}
