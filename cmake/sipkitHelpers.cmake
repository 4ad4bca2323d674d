# Helpers for sipkit's own targets (tests, examples, benchmarks, fuzzers).
# Users of the library never see these: the sipkit target itself carries no flags.

# -Wall -Wextra -Wpedantic, plus -Werror when SIPKIT_WERROR is on.
function(sipkit_strict_warnings target)
    if(MSVC)
        target_compile_options(${target} PRIVATE /W4 /permissive- $<$<BOOL:${SIPKIT_WERROR}>:/WX>)
    else()
        target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
            $<$<BOOL:${SIPKIT_WERROR}>:-Werror>)
    endif()
endfunction()

# -fsanitize=${SIPKIT_SANITIZE} on compile and link, when SIPKIT_SANITIZE is set.
function(sipkit_sanitize target)
    if(SIPKIT_SANITIZE)
        target_compile_options(${target} PRIVATE
            -fsanitize=${SIPKIT_SANITIZE} -fno-omit-frame-pointer)
        target_link_options(${target} PRIVATE -fsanitize=${SIPKIT_SANITIZE})
    endif()
endfunction()

# Paths a test or example may need, as string macros:
#   SIPKIT_SOURCE_DIR  the repository root
#   SIPKIT_SHARED_DIR  the shared folder beside it (../shared unless configured otherwise)
#   SIPKIT_CORPUS_DIR  ${SIPKIT_SHARED_DIR}/corpus (holds rfc4475/)
function(sipkit_path_macros target)
    target_compile_definitions(${target} PRIVATE
        "SIPKIT_SOURCE_DIR=\"${sipkit_SOURCE_DIR}\""
        "SIPKIT_SHARED_DIR=\"${SIPKIT_SHARED_DIR}\""
        "SIPKIT_CORPUS_DIR=\"${SIPKIT_SHARED_DIR}/corpus\"")
endfunction()

# Everything a sipkit program target (test, example) gets: the library, strict
# warnings, sanitizers and the path macros.
function(sipkit_program target)
    target_link_libraries(${target} PRIVATE sipkit::sipkit)
    sipkit_strict_warnings(${target})
    sipkit_sanitize(${target})
    sipkit_path_macros(${target})
endfunction()
