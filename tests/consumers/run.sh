#!/usr/bin/env bash
# Builds and runs tests/consumers/main.cpp the ways a user gets sipkit:
#   find_package     CMake find_package(sipkit 0.1) against a `cmake --install` prefix
#   version-check    find_package(sipkit 0.2) and (sipkit 1.0) must fail (SameMinorVersion)
#   add_subdirectory add_subdirectory(<repo>)
#   FetchContent     FetchContent_Declare(SOURCE_DIR <repo>)
#   meson-pkgconfig  meson dependency('sipkit') via the installed sipkit.pc
#   meson-subproject meson dependency('sipkit') from subprojects/sipkit (override_dependency)
#   single-header    bare c++ -std=c++20 -I single_include main.cpp
#
# usage: run.sh <sipkit source dir> <work dir>
# CXX picks the compiler. A consumer whose tool (meson, pkg-config) is missing is skipped,
# or fails when SIPKIT_CONSUMERS_STRICT=1 (tools/check sets it).
set -uo pipefail

src=$(cd "${1:?usage: run.sh <sipkit source dir> <work dir>}" && pwd)
work=${2:?usage: run.sh <sipkit source dir> <work dir>}
here="$src/tests/consumers"
cxx=${CXX:-c++}
strict=${SIPKIT_CONSUMERS_STRICT:-0}
gen=()
command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)

version=$(sed -n 's/^#define SIPKIT_VERSION_STRING "\(.*\)"/\1/p' "$src/include/sipkit/version.hpp")
expected="sipkit $version parsed OPTIONS" # tests/consumers/main.cpp parses a message with the installed headers

rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)
log="$work/log.txt"
: >"$log"

passed=0 failed=0 skipped=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1${2:+: $2} (log: $log)"; failed=$((failed + 1)); }
skip() {
    if [ "$strict" = 1 ]; then fail "$1" "$2"; else echo "SKIP $1: $2"; skipped=$((skipped + 1)); fi
}
# run <what> <cmd...>: run quietly, output to the log
run() {
    local what=$1
    shift
    echo "== $what: $*" >>"$log"
    "$@" >>"$log" 2>&1
}
# copy_project <consumer dir> <dest>: the consumer project plus the shared main.cpp
copy_project() {
    mkdir -p "$2"
    cp -R "$here/$1/." "$2/"
    cp "$here/main.cpp" "$2/main.cpp"
}
# expect_output <name> <program>: the program prints "sipkit <version>"
expect_output() {
    local out
    out=$("$2" 2>&1)
    if [ "$out" = "$expected" ]; then pass "$1"; else fail "$1" "printed '$out', expected '$expected'"; fi
}

# ---- install sipkit into a prefix -------------------------------------------
# Configured for one prefix, installed into another: the package must be relocatable.
prefix="$work/prefix"
if run install cmake -S "$src" -B "$work/sipkit-build" "${gen[@]}" \
        -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_INSTALL_PREFIX=/nonexistent/configured-prefix \
        -DSIPKIT_BUILD_TESTS=OFF -DSIPKIT_BUILD_EXAMPLES=OFF &&
    run install cmake --install "$work/sipkit-build" --prefix "$prefix"; then
    missing=""
    for f in include/sipkit/sipkit.hpp include/sipkit/version.hpp \
        share/cmake/sipkit/sipkitConfig.cmake share/cmake/sipkit/sipkitConfigVersion.cmake \
        share/cmake/sipkit/sipkitTargets.cmake share/pkgconfig/sipkit.pc; do
        [ -f "$prefix/$f" ] || missing="$missing $f"
    done
    if [ -z "$missing" ]; then pass install; else fail install "missing:$missing"; fi
else
    fail install "cmake configure/install of sipkit failed"
fi

# ---- (a) find_package --------------------------------------------------------
d="$work/find_package"
copy_project find_package "$d/src"
if run find_package cmake -S "$d/src" -B "$d/build" "${gen[@]}" -DCMAKE_CXX_COMPILER="$cxx" \
        -DCMAKE_PREFIX_PATH="$prefix" &&
    run find_package cmake --build "$d/build"; then
    expect_output find_package "$d/build/consumer"
else
    fail find_package "configure/build failed"
fi

# SameMinorVersion: 0.1.x satisfies a request for 0.1, not for 0.2 or 1.0.
bad=""
for v in 0.2 1.0; do
    if run version-check cmake -S "$d/src" -B "$d/build-$v" "${gen[@]}" -DCMAKE_CXX_COMPILER="$cxx" \
        -DCMAKE_PREFIX_PATH="$prefix" -DSIPKIT_REQUESTED_VERSION="$v"; then
        bad="$bad $v"
    fi
done
if [ -z "$bad" ]; then pass version-check; else fail version-check "find_package accepted version$bad"; fi

# ---- (d) add_subdirectory and FetchContent -------------------------------------
for via in add_subdirectory FetchContent; do
    d="$work/$via"
    copy_project add_subdirectory "$d/src"
    if run "$via" cmake -S "$d/src" -B "$d/build" "${gen[@]}" -DCMAKE_CXX_COMPILER="$cxx" \
            -DSIPKIT_SOURCE="$src" -DSIPKIT_VIA="$via" &&
        run "$via" cmake --build "$d/build"; then
        expect_output "$via" "$d/build/consumer"
    else
        fail "$via" "configure/build failed"
    fi
done

# ---- (b) meson: pkg-config, then subproject ---------------------------------------
if ! command -v meson >/dev/null 2>&1; then
    skip meson-pkgconfig "meson not installed"
    skip meson-subproject "meson not installed"
else
    d="$work/meson-pkgconfig"
    copy_project meson "$d/src"
    if ! command -v pkg-config >/dev/null 2>&1; then
        skip meson-pkgconfig "pkg-config not installed"
    elif [ "$(PKG_CONFIG_PATH="$prefix/share/pkgconfig" pkg-config --modversion sipkit 2>>"$log")" != "$version" ]; then
        fail meson-pkgconfig "pkg-config --modversion sipkit is not $version"
    elif CXX="$cxx" PKG_CONFIG_PATH="$prefix/share/pkgconfig" \
            run meson-pkgconfig meson setup "$d/build" "$d/src" --wrap-mode=nofallback &&
        run meson-pkgconfig meson compile -C "$d/build"; then
        expect_output meson-pkgconfig "$d/build/consumer"
    else
        fail meson-pkgconfig "setup/compile failed"
    fi

    d="$work/meson-subproject"
    copy_project meson "$d/src"
    mkdir -p "$d/src/subprojects"
    ln -s "$src" "$d/src/subprojects/sipkit"
    if CXX="$cxx" PKG_CONFIG_PATH="" \
            run meson-subproject meson setup "$d/build" "$d/src" --force-fallback-for=sipkit &&
        run meson-subproject meson compile -C "$d/build"; then
        expect_output meson-subproject "$d/build/consumer"
    else
        fail meson-subproject "setup/compile failed"
    fi
fi

# ---- (c) the single header, no build system --------------------------------------
d="$work/single-header"
mkdir -p "$d"
if run single-header "$cxx" -std=c++20 -Wall -Wextra -Wpedantic -Werror \
        -I "$src/single_include" "$here/main.cpp" -o "$d/consumer"; then
    expect_output single-header "$d/consumer"
else
    fail single-header "compile failed"
fi

echo "consumers: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ]; then
    echo "---- last 60 lines of $log ----"
    tail -n 60 "$log"
    exit 1
fi
exit 0
