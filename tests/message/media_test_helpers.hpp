// Helpers shared by the media-type, codings, token-list and Content-Disposition tests:
// rejection tables, typed elements of a message, and rapidcheck generators of RFC 3261 §25.1
// separators with folded LWS, generic parameters, q-values and mixed case.
#pragma once

#include <sipkit/core/ascii.hpp>
#include <sipkit/message/header_parameters.hpp>
#include <sipkit/message/parse_message.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck.h>

#include "../grammar/grammar_generators.hpp"

#include <cctype>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace sipkit_test {

/// Text a typed header must reject, and the offset of its first offending byte.
struct rejection {
    std::string_view text;
    std::size_t offset;
};

/// Checks that H::parse rejects each text with H::invalid at the given offset.
template <class H>
void check_rejections(std::initializer_list<rejection> cases) {
    for (const rejection& r : cases) {
        INFO(r.text);
        const auto v = H::parse(r.text);
        REQUIRE_FALSE(v);
        CHECK(v.error().code == H::invalid);
        CHECK(v.error().offset == r.offset);
    }
}

/// Every element of H in the message `text` (all<H>()), canonical; "!" for one that failed.
template <class H>
std::vector<std::string> canonical_elements(std::string_view text) {
    const auto m = sipkit::parse_message(text);
    REQUIRE(m);
    std::vector<std::string> out;
    for (const auto v : m->all<H>())
        out.push_back(v ? sipkit::to_string(*v) : "!");
    return out;
}

/// RFC 3261 §25.1 SWS = [LWS], LWS = [*WSP CRLF] 1*WSP: nothing, blanks or a fold.
inline rc::Gen<std::string> gen_sws() {
    return rc::gen::element<std::string>("", "", "", " ", "\t", "  ", "\r\n ", " \r\n\t", "\r\n  ");
}

/// SWS c SWS, the shape of SEMI, EQUAL, SLASH (RFC 3261 §25.1).
inline rc::Gen<std::string> gen_separator(char c) {
    return rc::gen::exec([c] { return *gen_sws() + std::string(1, c) + *gen_sws(); });
}

/// `s` with each letter's case flipped at random (tokens and ABNF strings ignore case).
inline rc::Gen<std::string> gen_case_of(std::string s) {
    return rc::gen::exec([s] {
        std::string out = s;
        for (char& c : out)
            if (std::isalpha(static_cast<unsigned char>(c)) && *rc::gen::arbitrary<bool>())
                c = static_cast<char>(std::isupper(static_cast<unsigned char>(c))
                                          ? std::tolower(static_cast<unsigned char>(c))
                                          : std::toupper(static_cast<unsigned char>(c)));
        return out;
    });
}

/// One qvalue as written (RFC 3261 §25.1) and its value in thousandths.
struct generated_qvalue {
    std::string text;
    std::uint16_t thousandths = 0;
};

/// Any qvalue: "0", "0.", "0.5", "0.05", "0.125", "1", "1.", "1.0", "1.000", ...
inline rc::Gen<generated_qvalue> gen_qvalue() {
    return rc::gen::exec([] {
        if (*rc::gen::inRange(0, 4) == 0) {
            const auto zeros = *rc::gen::inRange(0, 4);
            std::string text = "1";
            if (*rc::gen::arbitrary<bool>())
                text += "." + std::string(static_cast<std::size_t>(zeros), '0');
            return generated_qvalue{text, 1000};
        }
        const auto decimals = *rc::gen::inRange(0, 4);
        std::string text = "0";
        unsigned value = 0;
        if (decimals > 0 || *rc::gen::inRange(0, 8) == 0) {
            text += '.';
            unsigned scale = 100;
            for (int i = 0; i < decimals; ++i, scale /= 10) {
                const auto d = *rc::gen::inRange(0, 10);
                text += static_cast<char>('0' + d);
                value += static_cast<unsigned>(d) * scale;
            }
        }
        return generated_qvalue{text, static_cast<std::uint16_t>(value)};
    });
}

/// One generated parameter: name, value as written (quoted strings keep their quotes) and
/// whether it has one.
struct generated_param {
    std::string name;
    std::string value;
    bool has_value = false;
};

/// What a parameter's value may be.
struct param_rules {
    bool bare = true;               // a parameter without a value
    bool ipv6 = true;               // gen-value = host, so an IPv6reference
    std::vector<std::string> avoid; // names not to generate (compared ignoring case)
};

/// RFC 3261 §25.1 generic-param = token [ EQUAL gen-value ], gen-value = token / host /
/// quoted-string, within `rules`.
inline rc::Gen<generated_param> gen_param(param_rules rules) {
    return rc::gen::exec([rules] {
        std::string name = *gen_token(1, 8);
        for (const std::string& bad : rules.avoid)
            if (sipkit::iequals(name, bad))
                name += "x";
        const int kinds = rules.ipv6 ? 5 : 4;
        switch (*rc::gen::inRange(rules.bare ? 0 : 1, kinds)) {
            case 0:
                return generated_param{name, "", false};
            case 1:
                return generated_param{name, *gen_token(), true};
            case 2:
                return generated_param{name, quote(*gen_text(12)), true};
            case 3: // a hostname or IPv4address is also a token
                return generated_param{name, *rc::gen::oneOf(gen_hostname(), gen_ipv4()), true};
            default:
                return generated_param{name, *gen_ipv6_reference(), true};
        }
    });
}

/// Up to `max` parameters within `rules`.
inline rc::Gen<std::vector<generated_param>> gen_params(param_rules rules, int max = 4) {
    return rc::gen::exec([rules, max] {
        const auto n = *rc::gen::inRange(0, max + 1);
        std::vector<generated_param> out;
        for (int i = 0; i < n; ++i)
            out.push_back(*gen_param(rules));
        return out;
    });
}

/// The parameters written as *( SEMI generic-param ) with random LWS around ";" and "=".
inline rc::Gen<std::string> gen_params_text(std::vector<generated_param> params) {
    return rc::gen::exec([params] {
        std::string out;
        for (const generated_param& p : params) {
            out += *gen_separator(';') + p.name;
            if (p.has_value)
                out += *gen_separator('=') + p.value;
        }
        return out;
    });
}

/// True when `parsed` holds exactly the generated parameters, in order, as written.
inline bool same_params(const sipkit::header_parameters& parsed,
                        const std::vector<generated_param>& generated) {
    std::size_t i = 0;
    for (const auto& p : parsed) {
        if (i == generated.size())
            return false;
        const generated_param& g = generated[i++];
        if (p.name != g.name || p.has_value != g.has_value || p.value != g.value)
            return false;
    }
    return i == generated.size();
}

} // namespace sipkit_test
