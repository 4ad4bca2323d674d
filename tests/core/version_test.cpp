#include <sipkit/sipkit.hpp>
#include <sipkit/version.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include <filesystem>
#include <string>

namespace {

std::string version_from_parts(int major, int minor, int patch) {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

} // namespace

TEST_CASE("SIPKIT_VERSION_STRING spells MAJOR.MINOR.PATCH") {
    CHECK(std::string{SIPKIT_VERSION_STRING} ==
          version_from_parts(SIPKIT_VERSION_MAJOR, SIPKIT_VERSION_MINOR, SIPKIT_VERSION_PATCH));
}

TEST_CASE("version.hpp agrees with the build system's project version") {
    // SIPKIT_PROJECT_VERSION comes from CMake's project(VERSION) or meson's project(version:).
    CHECK(std::string{SIPKIT_VERSION_STRING} == SIPKIT_PROJECT_VERSION);
}

TEST_CASE("the version macros are usable in constant expressions, e.g. static_assert") {
    static_assert(SIPKIT_VERSION_MAJOR >= 0 && SIPKIT_VERSION_MINOR >= 0 &&
                  SIPKIT_VERSION_PATCH >= 0);
    constexpr auto encoded =
        SIPKIT_VERSION_MAJOR * 10000 + SIPKIT_VERSION_MINOR * 100 + SIPKIT_VERSION_PATCH;
    STATIC_REQUIRE(encoded >= 100);
}

TEST_CASE("rapidcheck is wired in", "[property]") {
    rc::prop("a version string built from any parts splits back into the same parts",
             [](unsigned char major, unsigned char minor, unsigned char patch) {
                 const auto text = version_from_parts(major, minor, patch);
                 const auto dot1 = text.find('.');
                 const auto dot2 = text.find('.', dot1 + 1);
                 RC_ASSERT(dot1 != std::string::npos);
                 RC_ASSERT(dot2 != std::string::npos);
                 RC_ASSERT(std::stoi(text.substr(0, dot1)) == major);
                 RC_ASSERT(std::stoi(text.substr(dot1 + 1, dot2 - dot1 - 1)) == minor);
                 RC_ASSERT(std::stoi(text.substr(dot2 + 1)) == patch);
             });
}

TEST_CASE("the shared RFC 4475 corpus is found, at SIPKIT_CORPUS_DIR/rfc4475", "[paths]") {
    // A wrong path macro fails here, plainly, before any corpus test fails confusingly.
    namespace fs = std::filesystem;
    INFO("SIPKIT_CORPUS_DIR = " << SIPKIT_CORPUS_DIR);
    CHECK(fs::is_directory(fs::path{SIPKIT_CORPUS_DIR} / "rfc4475"));
    CHECK(fs::is_regular_file(fs::path{SIPKIT_SOURCE_DIR} / "include/sipkit/sipkit.hpp"));
}
