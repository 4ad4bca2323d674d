// result<T>, errc and their std::error_code interop (sipkit/core/result.hpp, error.hpp).
#include <sipkit/core/error.hpp>
#include <sipkit/core/result.hpp>

#include <catch2/catch.hpp>

#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

using sipkit::errc;
using sipkit::result;
using sipkit::unexpected;

namespace {

struct errc_entry {
    errc code;
    std::string_view name;
};

// Every enumerator with the name it must print, in declaration order.
constexpr errc_entry all_errc[] = {
    {errc::empty_message, "empty_message"},
    {errc::message_too_large, "message_too_large"},
    {errc::too_many_headers, "too_many_headers"},
    {errc::header_line_too_long, "header_line_too_long"},
    {errc::header_value_too_long, "header_value_too_long"},
    {errc::headers_incomplete, "headers_incomplete"},
    {errc::start_line_invalid, "start_line_invalid"},
    {errc::method_invalid, "method_invalid"},
    {errc::request_uri_invalid, "request_uri_invalid"},
    {errc::version_invalid, "version_invalid"},
    {errc::status_code_invalid, "status_code_invalid"},
    {errc::reason_phrase_invalid, "reason_phrase_invalid"},
    {errc::header_name_invalid, "header_name_invalid"},
    {errc::header_colon_missing, "header_colon_missing"},
    {errc::content_length_invalid, "content_length_invalid"},
    {errc::content_length_negative, "content_length_negative"},
    {errc::content_length_too_large, "content_length_too_large"},
    {errc::content_length_conflict, "content_length_conflict"},
    {errc::content_length_missing, "content_length_missing"},
    {errc::body_truncated, "body_truncated"},
    {errc::stream_garbage, "stream_garbage"},
    {errc::token_invalid, "token_invalid"},
    {errc::quoted_string_unterminated, "quoted_string_unterminated"},
    {errc::quoted_string_invalid, "quoted_string_invalid"},
    {errc::quoted_pair_invalid, "quoted_pair_invalid"},
    {errc::utf8_invalid, "utf8_invalid"},
    {errc::host_invalid, "host_invalid"},
    {errc::port_invalid, "port_invalid"},
    {errc::parameter_invalid, "parameter_invalid"},
};

constexpr std::string_view unknown_message = "unknown sipkit error";

result<int> parse_digit(char c) {
    if (c < '0' || c > '9')
        return unexpected(errc::token_invalid, 3);
    return c - '0';
}

} // namespace

// ---- result<T> ---------------------------------------------------------------------------

TEST_CASE("result<T> holding a value: bool, has_value, value(), operator*, operator->") {
    result<std::string> r = std::string("INVITE");
    REQUIRE(r);
    CHECK(r.has_value());
    CHECK(r.value() == "INVITE");
    CHECK(*r == "INVITE");
    CHECK(r->size() == 6);
    r->append("2");
    CHECK(*r == "INVITE2");
    const result<std::string>& cr = r;
    CHECK(cr.value() == "INVITE2");
    CHECK(*cr == "INVITE2");
    CHECK(cr->size() == 7);
    CHECK(cr.value_or("fallback") == "INVITE2");
}

TEST_CASE("result<T> holding an error: false, error() with code and offset, value_or") {
    const result<int> r = unexpected(errc::port_invalid, 7);
    REQUIRE_FALSE(r);
    CHECK_FALSE(r.has_value());
    CHECK(r.error().code == errc::port_invalid);
    CHECK(r.error().offset == 7);
    CHECK(r.value_or(42) == 42);
    CHECK(std::string_view(r.error().name()) == "port_invalid");

    const result<int> ok = parse_digit('5');
    CHECK(ok.value_or(42) == 5);
    const result<int> bad = parse_digit('x');
    REQUIRE_FALSE(bad);
    CHECK(bad.error() == sipkit::error{errc::token_invalid, 3});
}

TEST_CASE("result<T>::value() on an error throws bad_result_access carrying the error") {
    const result<int> r = unexpected(errc::header_colon_missing, 19);
    CHECK_THROWS_AS(r.value(), sipkit::bad_result_access);
    try {
        (void)r.value();
        FAIL("value() did not throw");
    } catch (const sipkit::bad_result_access& e) {
        CHECK(e.error().code == errc::header_colon_missing);
        CHECK(e.error().offset == 19);
        CHECK(std::string_view(e.what()) == "header_colon_missing");
    }
    // It is a std::exception, so generic handlers catch it too.
    CHECK_THROWS_AS(r.value(), std::exception);

    result<std::string> m = unexpected(errc::empty_message);
    CHECK_THROWS_AS(m.value(), sipkit::bad_result_access);
    CHECK_THROWS_AS(std::move(m).value(), sipkit::bad_result_access);
    CHECK(m.error().offset == 0); // the offset defaults to 0
}

TEST_CASE("result<T> of a move-only type moves its value out of an rvalue") {
    result<std::unique_ptr<int>> r = std::make_unique<int>(5060);
    REQUIRE(r);
    std::unique_ptr<int> p = std::move(r).value();
    REQUIRE(p);
    CHECK(*p == 5060);

    result<std::unique_ptr<int>> s = std::make_unique<int>(5061);
    std::unique_ptr<int> q = *std::move(s);
    CHECK(*q == 5061);
}

TEST_CASE("result<T> can be built in place and used in constant expressions") {
    const result<std::string> r{std::in_place, 3, 'x'};
    CHECK(*r == "xxx");

    constexpr result<int> ok = 5;
    constexpr result<int> bad = unexpected(errc::host_invalid, 2);
    STATIC_REQUIRE(ok.has_value());
    STATIC_REQUIRE(*ok == 5);
    STATIC_REQUIRE(ok.value_or(1) == 5);
    STATIC_REQUIRE_FALSE(bad.has_value());
    STATIC_REQUIRE(bad.error().code == errc::host_invalid);
    STATIC_REQUIRE(bad.error().offset == 2);
    STATIC_REQUIRE(bad.value_or(1) == 1);
}

TEST_CASE("unexpected(error) carries an existing sipkit::error unchanged") {
    const sipkit::error e{errc::utf8_invalid, 11};
    const result<int> r = unexpected(e);
    REQUIRE_FALSE(r);
    CHECK(r.error() == e);
}

TEST_CASE("result<void>: success by default, failure from unexpected, value() throws on failure") {
    const result<void> ok;
    CHECK(ok);
    CHECK(ok.has_value());
    CHECK_NOTHROW(ok.value());

    const result<void> bad = unexpected(errc::parameter_invalid, 4);
    CHECK_FALSE(bad);
    CHECK_FALSE(bad.has_value());
    CHECK(bad.error().code == errc::parameter_invalid);
    CHECK(bad.error().offset == 4);
    CHECK_THROWS_AS(bad.value(), sipkit::bad_result_access);
    try {
        bad.value();
    } catch (const sipkit::bad_result_access& e) {
        CHECK(e.error() == bad.error());
    }

    constexpr result<void> cok;
    STATIC_REQUIRE(cok.has_value());
}

// ---- errc --------------------------------------------------------------------------------

namespace {

// The number of enumerators: they run from 1 without gaps, so the first value to_string
// does not know is one past the last.
int errc_count() {
    int n = 0;
    while (std::string_view(sipkit::to_string(static_cast<errc>(n + 1))) != "unknown")
        ++n;
    return n;
}

} // namespace

TEST_CASE(
    "errc: enumerators are numbered from 1 without gaps; the table above names the first ones") {
    const int count = errc_count();
    CHECK(count >= static_cast<int>(std::size(all_errc)));
    for (std::size_t i = 0; i < std::size(all_errc); ++i) {
        INFO("entry " << i << " " << all_errc[i].name);
        CHECK(static_cast<std::size_t>(all_errc[i].code) == i + 1);
    }
    // No enumerator hides behind a gap further on.
    for (int v = count + 1; v < count + 64; ++v)
        CHECK(std::string_view(sipkit::to_string(static_cast<errc>(v))) == "unknown");
}

TEST_CASE("errc: every enumerator has a non-empty message of its own, not the unknown one") {
    std::set<std::string> seen;
    for (int v = 1; v <= errc_count(); ++v) {
        const auto code = static_cast<errc>(v);
        INFO(sipkit::to_string(code));
        const std::string msg = sipkit::make_error_code(code).message();
        CHECK_FALSE(msg.empty());
        CHECK(msg != unknown_message);
        CHECK(sipkit::error{code, 0}.message() == msg);
        CHECK(seen.insert(msg).second); // each failure is said in its own sentence
    }
}

TEST_CASE("errc: to_string gives the enumerator's name as written in the source") {
    for (const auto& [code, name] : all_errc) {
        INFO(name);
        CHECK(std::string_view(sipkit::to_string(code)) == name);
        CHECK(std::string_view(sipkit::error{code, 0}.name()) == name);
    }
    std::set<std::string_view> seen;
    for (int v = 1; v <= errc_count(); ++v) {
        const std::string_view name = sipkit::to_string(static_cast<errc>(v));
        INFO(name);
        CHECK(seen.insert(name).second);
        CHECK_FALSE(name.empty());
        CHECK(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") ==
              std::string_view::npos);
    }
    STATIC_REQUIRE(std::string_view(sipkit::to_string(errc::body_truncated)) == "body_truncated");
}

TEST_CASE("errc: values that are not enumerators print as unknown") {
    const auto zero = static_cast<errc>(0);
    const auto past = static_cast<errc>(errc_count() + 1);
    CHECK(std::string_view(sipkit::to_string(zero)) == "unknown");
    CHECK(std::string_view(sipkit::to_string(past)) == "unknown");
    CHECK(sipkit::error_category().message(0) == unknown_message);
    CHECK(sipkit::error_category().message(static_cast<int>(past)) == unknown_message);
}

// ---- std::error_code interop -------------------------------------------------------------

TEST_CASE("errc converts implicitly to std::error_code in the \"sipkit\" category") {
    static_assert(std::is_error_code_enum_v<errc>);
    const std::error_code ec = errc::header_colon_missing;
    CHECK(ec);
    CHECK(ec.value() == static_cast<int>(errc::header_colon_missing));
    CHECK(std::string_view(ec.category().name()) == "sipkit");
    CHECK(ec.category() == sipkit::error_category());
    CHECK(ec.message() == "a header line has no colon after its name");
    CHECK(&sipkit::error_category() == &sipkit::error_category()); // one instance
}

TEST_CASE("std::error_code from errc compares equal to the same errc and to nothing else") {
    const std::error_code ec = sipkit::make_error_code(errc::content_length_negative);
    CHECK(ec == errc::content_length_negative);
    CHECK(ec != errc::content_length_invalid);
    CHECK(ec == std::error_code(errc::content_length_negative));
    // Same numeric value, other category: not equal.
    const std::error_code generic(static_cast<int>(errc::content_length_negative),
                                  std::generic_category());
    CHECK(ec != generic);
    CHECK(ec != std::make_error_code(std::errc::invalid_argument));
    CHECK(ec != std::error_code{});
    // Ordering follows (category, value), so error codes can key a map.
    CHECK(std::error_code(errc::empty_message) < std::error_code(errc::message_too_large));
}

TEST_CASE("sipkit::error: error_code(), name(), message() and equality by code and offset") {
    const sipkit::error e{errc::body_truncated, 120};
    CHECK(e.error_code() == errc::body_truncated);
    CHECK(std::string_view(e.error_code().category().name()) == "sipkit");
    CHECK(std::string_view(e.name()) == "body_truncated");
    CHECK(e.message() == e.error_code().message());
    CHECK(e == sipkit::error{errc::body_truncated, 120});
    CHECK(e != sipkit::error{errc::body_truncated, 121});
    CHECK(e != sipkit::error{errc::message_too_large, 120});
}
