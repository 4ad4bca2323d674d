// Compiles tests/CMakeLists.txt's precompiled header (sipkit_test_pch); nothing of its own.
