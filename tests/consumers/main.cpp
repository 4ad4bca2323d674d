// A program using sipkit the way a user would. tests/consumers/run.sh builds it four ways
// (find_package, add_subdirectory/FetchContent, meson + pkg-config/subproject, bare single header).
#include <sipkit/sipkit.hpp>

#include <cstdio>

int main() {
    std::printf("sipkit %s\n", SIPKIT_VERSION_STRING);
    return 0;
}
