// libFuzzer target: the URI layer (RFC 3261 §19.1 / §25.1 SIP URIs, RFC 3966 tel URIs,
// RFC 3986 absolute URIs, escaping).
//
// Invariants checked (abort on violation, so libFuzzer keeps the input):
//   - an error's offset lies within the input;
//   - every view of a parsed URI lies inside the input (and is read in full, so ASan sees any
//     view that points outside it); text() is the input;
//   - u == u; parse(to_string(u)) succeeds and equals u both ways; to_string is idempotent;
//   - every escaped component of a parsed URI unescapes;
//   - validate() in every RFC 3261 Table 1 context reports offsets within the input;
//   - the per-scheme parsers agree with parse_uri;
//   - unescape(escape(s, c)) == s for every component, and escape(s, c) is valid escaped text;
//   - when the input holds a newline, the two URIs around it compare symmetrically.
//
// Build:  clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
//             fuzz/fuzz_uri.cpp -o /tmp/fuzz-uri
// Run:    /tmp/fuzz-uri -dict=fuzz/fuzz-uri.dict -max_len=512 /tmp/corpus-uri fuzz/corpus/uri
#include <sipkit/sipkit.hpp>

#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

const char* const fuzz_support::target_name = "fuzz_uri";

namespace {

using fuzz_support::fail;
using fuzz_support::sink;
using fuzz_support::touch;

std::size_t touch_unescaped(std::string_view in, std::string_view v, const char* what) {
    std::size_t sum = touch(in, v, what);
    std::string out;
    if (!sipkit::unescape(v, out))
        fail("a parsed component does not unescape", in);
    return sum + out.size();
}

std::size_t touch_parameters(std::string_view in, sipkit::uri_parameter_range params) {
    std::size_t sum = touch(in, params.text(), "parameters outside the input");
    for (const sipkit::uri_parameter p : params) {
        if (p.name.empty())
            fail("empty parameter name", in);
        sum += touch_unescaped(in, p.name, "parameter name outside the input");
        sum += touch_unescaped(in, p.value, "parameter value outside the input");
    }
    return sum;
}

std::size_t touch_sip(std::string_view in, const sipkit::sip_uri& u) {
    std::size_t sum = touch(in, u.scheme(), "scheme outside the input");
    if (const auto user = u.user()) {
        if (user->empty())
            fail("empty user part", in);
        sum += touch_unescaped(in, *user, "user outside the input");
    }
    if (const auto password = u.password())
        sum += touch_unescaped(in, *password, "password outside the input");
    sum += touch(in, u.host(), "host outside the input");
    if (u.host().empty())
        fail("empty host", in);
    sum += touch_parameters(in, u.parameters());
    sum += touch(in, u.headers_text(), "headers outside the input");
    for (const sipkit::uri_header h : u.headers()) {
        sum += touch_unescaped(in, h.name, "header name outside the input");
        sum += touch_unescaped(in, h.value, "header value outside the input");
    }
    sum += u.port().value_or(0) + u.ttl().value_or(0) + u.lr();
    for (const auto v : {u.transport(), u.user_param(), u.method(), u.maddr()})
        if (v)
            sum += touch(in, *v, "typed parameter outside the input");
    using sipkit::uri_context;
    for (const uri_context c : {uri_context::request_uri, uri_context::to, uri_context::from,
                                uri_context::contact_registration, uri_context::contact_dialog,
                                uri_context::route, uri_context::external}) {
        const auto r = sipkit::validate(u, c);
        if (!r && r.error().offset > in.size())
            fail("validate offset past the end", in);
    }
    return sum;
}

std::size_t touch_uri(std::string_view in, const sipkit::uri& u) {
    if (u.text() != in)
        fail("text() is not the input", in);
    std::size_t sum = touch(in, u.scheme(), "scheme outside the input");
    if (const auto* s = u.as_sip())
        sum += touch_sip(in, *s);
    if (const auto* t = u.as_tel()) {
        sum += touch(in, t->number(), "tel number outside the input");
        sum += touch_parameters(in, t->parameters());
    }
    if (const auto* a = u.as_absolute()) {
        sum += touch(in, a->scheme_specific_part(), "scheme-specific part outside the input");
        sum += touch(in, a->path(), "path outside the input");
        if (const auto q = a->query())
            sum += touch(in, *q, "query outside the input");
        if (const auto au = a->authority())
            sum += touch(in, *au, "authority outside the input");
    }
    return sum;
}

void round_trip(std::string_view in, const sipkit::uri& u) {
    if (!(u == u))
        fail("u != u", in);
    const std::string canonical = sipkit::to_string(u);
    const auto again = sipkit::parse_uri(canonical);
    if (!again)
        fail("to_string() output does not parse", in);
    if (again->kind() != u.kind())
        fail("to_string() changes the kind", in);
    if (!(*again == u) || !(u == *again))
        fail("parse(to_string(u)) != u", in);
    if (sipkit::to_string(*again) != canonical)
        fail("to_string is not idempotent", in);
}

void check_parsers_agree(std::string_view in, const sipkit::result<sipkit::uri>& u) {
    const auto s = sipkit::parse_sip_uri(in);
    const auto t = sipkit::parse_tel_uri(in);
    const auto a = sipkit::parse_absolute_uri(in);
    for (const auto* e :
         {s ? nullptr : &s.error(), t ? nullptr : &t.error(), a ? nullptr : &a.error()})
        if (e && e->offset > in.size())
            fail("per-scheme parser error offset past the end", in);
    if (u && u->is_sip() && (!s || !(*s == *u->as_sip())))
        fail("parse_sip_uri disagrees with parse_uri", in);
    if (u && u->is_tel() && (!t || !(*t == *u->as_tel())))
        fail("parse_tel_uri disagrees with parse_uri", in);
    if (u && u->is_absolute() && (!a || !(*a == *u->as_absolute())))
        fail("parse_absolute_uri disagrees with parse_uri", in);
    if (s && (!u || !u->is_sip()))
        fail("parse_sip_uri accepts what parse_uri does not", in);
    if (t && (!u || !u->is_tel()))
        fail("parse_tel_uri accepts what parse_uri does not", in);
}

void check_escaping(std::string_view in) {
    using sipkit::uri_component;
    for (const uri_component c :
         {uri_component::user, uri_component::password, uri_component::parameter,
          uri_component::header, uri_component::absolute}) {
        const std::string e = sipkit::escape(in, c);
        if (!sipkit::is_valid_escaping(e))
            fail("escape() writes an invalid escape", in);
        std::string back;
        if (!sipkit::unescape(e, back) || back != in)
            fail("unescape(escape(s)) != s", in);
        if (!sipkit::equivalent_escaped(e, e))
            fail("escaped text not equivalent to itself", in);
    }
    if (sipkit::is_valid_escaping(in)) {
        std::string normal;
        sipkit::normalize_escapes(in, sipkit::escape_rule::rfc3261, normal);
        if (!sipkit::equivalent_escaped(in, normal))
            fail("normalize_escapes changes the value", in);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);

    const auto u = sipkit::parse_uri(in);
    if (!u) {
        if (u.error().offset > in.size())
            fail("error offset past the end", in);
    } else {
        sink = touch_uri(in, *u);
        round_trip(in, *u);
    }
    check_parsers_agree(in, u);
    check_escaping(in);

    // Two URIs around the first newline: comparison must be symmetric.
    if (const std::size_t nl = in.find('\n'); nl != std::string_view::npos) {
        const std::string_view left = in.substr(0, nl);
        const std::string_view right = in.substr(nl + 1);
        const auto a = sipkit::parse_uri(left);
        const auto b = sipkit::parse_uri(right);
        if (a && b) {
            if ((*a == *b) != (*b == *a))
                fail("comparison is not symmetric", in);
            sink = (*a == *b);
        }
    }
    return 0;
}
