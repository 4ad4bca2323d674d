// RFC 4475 torture tests at the message layer: every row of the corpus manifest is its own
// test case, named "RFC 4475 §<section> <name>: <title>".
//
// parse=accept rows must parse with parse_message (datagram rules, RFC 3261 §18.3), every
// typed header in them must read without error (check_typed_headers), and each case checks a
// detail the message exists to test. parse=reject rows are rejected in exactly one place:
// by parse_message (table `decided_rejects`), by typed access to one header (table
// `typed_rejects`), or by validation (table `validation_rejects`). Every row's `response`
// column is then asserted against what validate_request / validate_response (or
// verdict_for_parse_error) return for the manifest's role. The last test cases check that the
// tables and test cases cover the manifest exactly, one case per row.
#include <sipkit/message/header_types.hpp>
#include <sipkit/message/parse_message.hpp>
#include <sipkit/message/validation.hpp>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using sipkit::errc;
using sipkit::header_id;

namespace {

// ---- the manifest and the files ------------------------------------------------------------

using sipkit_test::manifest_row;
using sipkit_test::read_binary;
using sipkit_test::rfc4475_dir;

const std::vector<manifest_row>& manifest() {
    return sipkit_test::rfc4475_manifest();
}

const manifest_row* find_row(std::string_view name) {
    for (const auto& r : manifest())
        if (r.name == name)
            return &r;
    return nullptr;
}

// The message's bytes, loaded once and kept for the whole run (message_views borrow them).
const std::string& corpus_file(const std::string& name) {
    return sipkit_test::rfc4475_file(name);
}

std::string test_case_name(const manifest_row& r) {
    return "RFC 4475 §" + r.section + " " + r.name + ": " + r.title;
}

// ---- how this layer answers each reject row ------------------------------------------------

struct decided_reject {
    std::string_view name;
    errc code;
};

// parse=reject rows the message layer itself refuses, with the error it must give.
constexpr decided_reject decided_rejects[] = {
    {"clerr", errc::body_truncated},          // Content-Length 9999, 154-octet body (datagram)
    {"ncl", errc::content_length_negative},   // Content-Length -999
    {"ltgtruri", errc::request_uri_invalid},  // <sip:...> as the Request-URI
    {"lwsruri", errc::version_invalid},       // "sip:user@example.com; lr SIP/2.0"
    {"lwsstart", errc::request_uri_invalid},  // two SPs after the method
    {"trws", errc::start_line_invalid},       // two SPs after SIP/2.0
    {"baddn", errc::headers_incomplete},      // the archived file lacks the empty line
    {"bigcode", errc::status_code_invalid},   // 4294967301
    {"mcl01", errc::content_length_conflict}, // Content-Length 13 and 5
};

struct typed_reject {
    std::string_view name;
    header_id header;
    errc code;
};

// parse=reject rows whose fault lies inside one header value: parse_message keeps values raw
// (a proxy may forward them), and typed access to that header fails with the header's errc.
constexpr typed_reject typed_rejects[] = {
    {"badinv01", header_id::via, errc::via_invalid},         // "192.0.2.15;;,;,,"
    {"scalar02", header_id::cseq, errc::cseq_invalid},       // 36893488147419103232
    {"scalarlg", header_id::cseq, errc::cseq_invalid},       // 9292394834772304023312
    {"quotbal", header_id::to, errc::to_invalid},            // "Mr. J. User <sip:... (no quote)
    {"baddate", header_id::date, errc::date_invalid},        // EST
    {"regbadct", header_id::contact, errc::contact_invalid}, // addr-spec with ?Route=...
    {"badaspec", header_id::to, errc::to_invalid},           // < sip:t.watson@example.org >
};

// parse=reject rows every header of which reads well: the fault is in how the parts relate,
// which validation judges.
constexpr std::string_view validation_rejects[] = {
    "escruri",    // headers in the Request-URI (RFC 3261 §19.1.1 Table 1)
    "badvers",    // SIP/7.0
    "mismatch01", // CSeq method INVITE, request OPTIONS
    "mismatch02", // CSeq method INVITE, request NEWMETHOD
};

// ---- per-row checks --------------------------------------------------------------------------

const manifest_row& require_row(std::string_view name, std::string_view verdict) {
    const manifest_row* row = find_row(name);
    if (row == nullptr)
        FAIL("no manifest row named " << name);
    REQUIRE(row->parse == verdict);
    INFO("RFC 4475 " << row->name << ": " << row->why);
    REQUIRE_FALSE(corpus_file(row->name).empty());
    return *row;
}

// The manifest's token for a verdict: "-", "discard" or the status code.
std::string verdict_token(const sipkit::validation_result& v) {
    switch (v.verdict) {
        case sipkit::verdict::accept:
            return "-";
        case sipkit::verdict::discard:
            return "discard";
        case sipkit::verdict::respond:
            break;
    }
    return std::to_string(v.status);
}

// The response column: our verdict must be one of the alternatives it lists. "error" (the RFC
// asks for an error response without naming a code) admits any 4xx.
void expect_response(const manifest_row& row, const sipkit::validation_result& v) {
    const std::string token = verdict_token(v);
    INFO(row.name << ": response column '" << row.response << "', role " << row.role
                  << "; sipkit answers " << token << " (" << v.detail << ")");
    bool listed = false;
    std::istringstream alternatives(row.response);
    for (std::string alt; std::getline(alternatives, alt, '|');)
        listed = listed || alt == token ||
                 (alt == "error" && v.verdict == sipkit::verdict::respond && v.status / 100 == 4);
    CHECK(listed);
}

// The element RFC 4475 has in mind implements every standard method (its REGISTER and MESSAGE
// rows expect no 405); only the made-up methods (intmeth, esc02, mismatch02) are unknown to it.
sipkit::validation_policy policy_for(const manifest_row& row) {
    auto policy = sipkit::validation_policy::for_role(
        row.role == "registrar" ? sipkit::element_role::registrar : sipkit::element_role::uas);
    policy.methods = sipkit::validation_policy::standard_methods;
    return policy;
}

sipkit::validation_result validate(const manifest_row& row, const sipkit::message_view& m) {
    if (row.role == "uac") {
        REQUIRE(m.is_response());
        return sipkit::validate_response(m, policy_for(row));
    }
    REQUIRE(m.is_request());
    return sipkit::validate_request(m, policy_for(row));
}

// parse=accept: the message must parse under datagram rules, every typed header must read, and
// validation must give the response column.
sipkit::message_view expect_accept(std::string_view name) {
    const manifest_row& row = require_row(name, "accept");
    const std::string& bytes = corpus_file(row.name);
    const auto r = sipkit::parse_message(bytes);
    if (!r)
        FAIL(row.name << " must parse, but failed with " << r.error().name() << " at offset "
                      << r.error().offset);
    CHECK(r->offset() == 0);
    const auto typed = sipkit::check_typed_headers(*r);
    if (!typed)
        FAIL(row.name << ": a typed header does not read: " << typed.error().name() << " at offset "
                      << typed.error().offset);
    expect_response(row, validate(row, *r));
    return *r;
}

// parse=reject decided here: parse_message fails with the table's errc; returns the error.
sipkit::error expect_decided_reject(std::string_view name) {
    const manifest_row& row = require_row(name, "reject");
    const auto* entry = std::find_if(std::begin(decided_rejects), std::end(decided_rejects),
                                     [&](const decided_reject& d) { return d.name == name; });
    if (entry == std::end(decided_rejects))
        FAIL(name << " is not in decided_rejects");
    const auto r = sipkit::parse_message(corpus_file(row.name));
    if (r)
        FAIL(row.name << " must be rejected with " << sipkit::to_string(entry->code)
                      << ", but it parsed");
    CHECK(r.error().code == entry->code);
    expect_response(row, sipkit::verdict_for_parse_error(corpus_file(row.name), r.error()));
    return r.error();
}

// The first typed error among the values of header `id`, if any.
std::optional<sipkit::error> typed_error(const sipkit::message_view& m, header_id id) {
    std::optional<sipkit::error> found;
    sipkit::visit_header_type(id, [&]<class H>() {
        for (const auto v : m.all<H>())
            if (!v && !found)
                found = v.error();
    });
    return found;
}

// parse=reject by typed access: the message parses, the table's header fails to read with its
// errc (at an offset inside that header's line), and validation gives the response column.
sipkit::message_view expect_typed_reject(std::string_view name) {
    const manifest_row& row = require_row(name, "reject");
    const auto* entry = std::find_if(std::begin(typed_rejects), std::end(typed_rejects),
                                     [&](const typed_reject& t) { return t.name == name; });
    if (entry == std::end(typed_rejects))
        FAIL(name << " is not in typed_rejects");
    const auto r = sipkit::parse_message(corpus_file(row.name));
    if (!r)
        FAIL(row.name << " must parse at the message layer, but failed with " << r.error().name()
                      << " at offset " << r.error().offset);
    const auto e = typed_error(*r, entry->header);
    if (!e)
        FAIL(row.name << ": typed access to " << sipkit::canonical_name(entry->header)
                      << " must fail with " << sipkit::to_string(entry->code));
    CHECK(e->code == entry->code);
    bool inside = false;
    for (const sipkit::header_field h : r->all(entry->header))
        inside = inside ||
                 (e->offset >= h.offset &&
                  e->offset <= h.offset + static_cast<std::size_t>(h.value.data() + h.value.size() -
                                                                   h.name.data()));
    CHECK(inside);
    CHECK_FALSE(sipkit::check_typed_headers(*r));
    expect_response(row, validate(row, *r));
    return *r;
}

// parse=reject by validation: every typed header reads, and validation refuses the message.
sipkit::message_view expect_validation_reject(std::string_view name) {
    const manifest_row& row = require_row(name, "reject");
    CHECK(std::find(std::begin(validation_rejects), std::end(validation_rejects), name) !=
          std::end(validation_rejects));
    const auto r = sipkit::parse_message(corpus_file(row.name));
    if (!r)
        FAIL(row.name << " must parse at the message layer, but failed with " << r.error().name()
                      << " at offset " << r.error().offset);
    const auto typed = sipkit::check_typed_headers(*r);
    if (!typed)
        FAIL(row.name << ": a typed header does not read: " << typed.error().name());
    const auto v = validate(row, *r);
    CHECK_FALSE(v.acceptable());
    expect_response(row, v);
    return *r;
}

using sipkit_test::elements;
using sipkit_test::values;

std::size_t comma_count(const sipkit::message_view::header_range& range) {
    std::size_t n = 0;
    for (const sipkit::header_field h : range)
        n += elements(h.value).size();
    return n;
}

using strings = std::vector<std::string>;

// The body as the rest of the file after the first empty line.
std::string_view after_header_section(const std::string& bytes) {
    return std::string_view(bytes).substr(bytes.find("\r\n\r\n") + 4);
}

} // namespace

#define RFC4475_ROW(section, name, title)                                                          \
    TEST_CASE("RFC 4475 §" section " " name ": " title, "[rfc4475]")

// ==== 3.1.1 Valid messages =================================================================

RFC4475_ROW("3.1.1.1", "wsinv", "A Short Tortuous INVITE") {
    const auto m = expect_accept("wsinv");
    CHECK(m.method() == "INVITE");
    CHECK(m.request_uri() == "sip:vivekg@chair-dnrc.example.com;unknownparam");
    CHECK(m.header_count() == 14);
    // Mixed-case and spaced names, compact forms.
    CHECK(m.header(0).name == "TO");
    CHECK(m.header(0).id == header_id::to);
    CHECK(m.find(header_id::to)->value ==
          "sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n");
    CHECK(m.find(header_id::from)->value ==
          "\"J Rosenberg \\\\\\\"\"       <sip:jdrosen@example.com>\r\n  ;\r\n  tag = 98asjd8");
    CHECK(m.find(header_id::from)->folded);
    CHECK(m.find("max-forwards")->name == "MaX-fOrWaRdS");
    CHECK(m.find(header_id::max_forwards)->value == "0068");
    CHECK(m.find(header_id::cseq)->value == "0009\r\n  INVITE");
    CHECK(m.find(header_id::subject)->name == "s");
    CHECK(m.find(header_id::subject)->value.empty());
    CHECK(m.find(header_id::contact)->name == "m");
    // Unknown headers are kept raw, folds and odd values included.
    CHECK(m.find("NewFangledHeader")->value == "newfangled value\r\n continued newfangled value");
    CHECK(m.find("newfangledheader")->folded);
    CHECK(m.find("UnknownHeaderWithUnusualValue")->value == ";;,,;;,;");
    CHECK(m.find("UnknownHeaderWithUnusualValue")->id == header_id::other);
    // Two Via fields ("Via  :" and "v:"), three Via values.
    const auto vias = m.all(header_id::via);
    CHECK(vias.size() == 2);
    CHECK(comma_count(vias) == 3);
    CHECK(m.content_length() == 150u);
    CHECK(m.body().size() == 150);
    CHECK(m.body().substr(0, 5) == "v=0\r\n");
}

RFC4475_ROW("3.1.1.2", "intmeth", "Wide Range of Valid Characters") {
    const auto m = expect_accept("intmeth");
    CHECK(m.method() == "!interesting-Method0123456789_*+`.%indeed'~");
    CHECK(m.request_uri() == "sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/"
                             ";;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com");
    // The To display name quotes NUL, BEL and DEL (quoted-pair admits any octet but CR and LF).
    constexpr char to[] = "\"BEL:\\\x07 NUL:\\\0 DEL:\\\x7f\" "
                          "<sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>";
    CHECK(m.find(header_id::to)->value == std::string_view(to, sizeof to - 1));
    CHECK(m.find(header_id::call_id)->value == "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    CHECK(m.find(header_id::cseq)->value ==
          "139122385 !interesting-Method0123456789_*+`.%indeed'~");
    CHECK(m.find("extensionHeader-!.%*+_`'~")->value ==
          "\xEF\xBB\xBF\xE5\xA4\xA7\xE5\x81\x9C\xE9\x9B\xBB");
    CHECK(m.find("EXTENSIONHEADER-!.%*+_`'~")->id == header_id::other);
}

RFC4475_ROW("3.1.1.3", "esc01", "Valid Use of the % Escaping Mechanism") {
    const auto m = expect_accept("esc01");
    CHECK(m.request_uri() ==
          "sip:sips%3Auser%40example.com@example.net"); // escapes kept as written
    CHECK(m.find(header_id::to)->value == "sip:%75se%72@example.com");
    CHECK(m.find(header_id::content_type)->name == "C");
    CHECK(m.find(header_id::call_id)->name == "i");
    // "Contact:" CRLF then the value on a folded line: SWS, so the value starts after the fold.
    CHECK(m.find(header_id::contact)->value ==
          "<sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>");
    CHECK(m.body().size() == 150);
}

RFC4475_ROW("3.1.1.4", "escnull", "Escaped Nulls in URIs") {
    const auto m = expect_accept("escnull");
    CHECK(m.method() == "REGISTER");
    CHECK(m.find(header_id::to)->value == "sip:null-%00-null@example.com");
    CHECK(values(m.all(header_id::contact)) ==
          strings{"<sip:%00@host5.example.com>", "<sip:%00%00@host5.example.com>"});
    CHECK(m.find(header_id::content_length)->name == "L");
    CHECK(m.content_length() == 0u);
}

RFC4475_ROW("3.1.1.5", "esc02", "Use of % When It Is Not an Escape") {
    const auto m = expect_accept("esc02");
    CHECK(m.method() == "RE%47IST%45R"); // not REGISTER
    CHECK(m.find(header_id::cseq)->value == "29344 RE%47IST%45R");
    CHECK(values(m.all(header_id::contact)) ==
          strings{"<sip:alias1@host1.example.com>", "<sip:alias3@host3.example.com>"});
    CHECK(m.find("C%6Fntact")->id == header_id::other); // an extension header, not Contact
    CHECK(m.find("C%6Fntact")->value == "<sip:alias2@host2.example.com>");
    CHECK(m.find(header_id::to)->value == "\"%Z%45\" <sip:resource@example.com>");
}

RFC4475_ROW("3.1.1.6", "lwsdisp", "Message with No LWS between Display Name and <") {
    const auto m = expect_accept("lwsdisp");
    CHECK(m.find(header_id::from)->value == "caller<sip:caller@example.com>;tag=323");
}

RFC4475_ROW("3.1.1.7", "longreq", "Long Values in Header Fields") {
    const auto m = expect_accept("longreq");
    const std::string& bytes = corpus_file("longreq");
    // 34 Via fields in long and compact form, any letter case, spaces before the colon.
    const auto vias = m.all(header_id::via);
    CHECK(vias.size() == 34);
    CHECK(comma_count(vias) == 34);
    std::set<std::string> spellings;
    for (const sipkit::header_field h : vias)
        spellings.emplace(h.name);
    CHECK(spellings ==
          std::set<std::string>{"Via", "v", "V", "ViA", "VIa", "VIA", "via", "viA", "vIa", "vIA"});
    CHECK(values(vias).front() == "SIP/2.0/TCP sip33.example.com");
    CHECK(values(vias)[11] == "SIP/2.0/TCP sip22.example.com"); // "V :  SIP/2.0/TCP sip22..."
    CHECK(m.find(header_id::to)->value.size() > 300);
    CHECK(m.find(header_id::from)->name == "F");
    const auto unknown =
        std::find_if(m.headers().begin(), m.headers().end(), [](const sipkit::header_field& h) {
            return h.name.substr(0, 12) == "Unknown-Long";
        });
    REQUIRE(unknown != m.headers().end());
    CHECK((*unknown).id == header_id::other);
    CHECK((*unknown).name.size() > 80);
    CHECK(m.content_length() == 150u);
    CHECK(m.body() == after_header_section(bytes));
}

RFC4475_ROW("3.1.1.8", "dblreq", "Extra Trailing Octets in a UDP Datagram") {
    const auto m = expect_accept("dblreq");
    const std::string& bytes = corpus_file("dblreq");
    CHECK(m.method() == "REGISTER");
    CHECK(m.content_length() == 0u);
    CHECK(m.body().empty());
    // bytes() ends right after the REGISTER's empty line; the INVITE after it is ignored.
    const std::size_t end = bytes.find("\r\n\r\n") + 4;
    CHECK(m.bytes() == std::string_view(bytes).substr(0, end));
    CHECK(m.bytes().size() < bytes.size());
    CHECK(std::string_view(bytes).substr(end).substr(0, 8) == "\r\nINVITE");
    CHECK(m.find(header_id::call_id)->name == "I");
    CHECK_FALSE(m.contains(header_id::content_type)); // that is the INVITE's
}

RFC4475_ROW("3.1.1.9", "semiuri", "Semicolon-Separated Parameters in URI User Part") {
    const auto m = expect_accept("semiuri");
    CHECK(m.request_uri() == "sip:user;par=u%40example.net@example.com");
    CHECK(m.find(header_id::accept)->folded);
    CHECK(elements(m.find(header_id::accept)->value) ==
          strings{"application/sdp", "application/pkcs7-mime", "multipart/mixed",
                  "multipart/signed", "message/sip", "message/sipfrag"});
}

RFC4475_ROW("3.1.1.10", "transports", "Varied and Unknown Transport Types") {
    const auto m = expect_accept("transports");
    CHECK(values(m.all(header_id::via)) ==
          strings{"SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw",
                  "SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf",
                  "SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj",
                  "SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en",
                  "SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee"});
    CHECK(m.find(header_id::call_id)->value ==
          "transports.kijh4akdnaqjkwendsasfdj"); // two SPs after the colon
}

RFC4475_ROW("3.1.1.11", "mpart01", "Multipart MIME Message") {
    const auto m = expect_accept("mpart01");
    const std::string& bytes = corpus_file("mpart01");
    CHECK(m.method() == "MESSAGE");
    CHECK(m.content_length() == 553u);
    CHECK(m.body().size() == 553);
    CHECK(m.body().find('\0') != std::string_view::npos); // the binary part holds NUL octets
    CHECK(m.body() == after_header_section(bytes).substr(0, 553));
    CHECK(m.find(header_id::content_type)->value == "multipart/mixed;boundary=7a9cbec02ceef655");
    CHECK(m.body().substr(0, 20) == "--7a9cbec02ceef655\r\n");
}

RFC4475_ROW("3.1.1.12", "unreason", "Unusual Reason Phrase") {
    const auto m = expect_accept("unreason");
    CHECK(m.is_response());
    CHECK(m.status_code() == 200);
    CHECK(m.reason_phrase() ==
          "= 2**3 * 5**2 \xD0\xBD\xD0\xBE \xD1\x81\xD1\x82\xD0\xBE "
          "\xD0\xB4\xD0\xB5\xD0\xB2\xD1\x8F\xD0\xBD\xD0\xBE"
          "\xD1\x81\xD1\x82\xD0\xBE \xD0\xB4\xD0\xB5\xD0\xB2\xD1\x8F\xD1\x82\xD1\x8C - "
          "\xD0\xBF\xD1\x80\xD0\xBE\xD1\x81"
          "\xD1\x82\xD0\xBE\xD0\xB5");
    CHECK(m.body().size() == 154);
}

RFC4475_ROW("3.1.1.13", "noreason", "Empty Reason Phrase") {
    const auto m = expect_accept("noreason");
    CHECK(m.status_code() == 100);
    CHECK(m.reason_phrase().empty());
    CHECK(m.start_line() == "SIP/2.0 100 ");
}

// ==== 3.1.2 Invalid messages ===============================================================

RFC4475_ROW("3.1.2.1", "badinv01", "Extraneous Header Field Separators") {
    const auto m = expect_typed_reject("badinv01");
    CHECK(m.find(header_id::via)->value ==
          "SIP/2.0/UDP 192.0.2.15;;,;,,"); // kept raw for the typed parser
    CHECK(m.find(header_id::contact)->value == "\"Joe\" <sip:joe@example.org>;;;;");
}

RFC4475_ROW("3.1.2.2", "clerr", "Content Length Larger Than Message") {
    const auto e = expect_decided_reject("clerr");
    const std::string& bytes = corpus_file("clerr");
    CHECK(e.offset == bytes.find("\r\n\r\n") + 4); // where the body starts
}

RFC4475_ROW("3.1.2.3", "ncl", "Negative Content-Length") {
    const auto e = expect_decided_reject("ncl");
    CHECK(e.offset == corpus_file("ncl").find("-999"));
}

RFC4475_ROW("3.1.2.4", "scalar02", "Request Scalar Fields with Overlarge Values") {
    const auto m = expect_typed_reject("scalar02");
    CHECK(m.find(header_id::cseq)->value == "36893488147419103232 REGISTER");
    CHECK(m.find(header_id::max_forwards)->value == "300");
}

RFC4475_ROW("3.1.2.5", "scalarlg", "Response Scalar Fields with Overlarge Values") {
    const auto m = expect_typed_reject("scalarlg");
    CHECK(m.status_code() == 503);
    CHECK(m.find(header_id::cseq)->value == "9292394834772304023312 OPTIONS");
    CHECK(m.find(header_id::warning)->value == "1812 overture \"In Progress\"");
}

RFC4475_ROW("3.1.2.6", "quotbal", "Unterminated Quoted String in Display Name") {
    const auto m = expect_typed_reject("quotbal");
    CHECK(m.find(header_id::to)->value == "\"Mr. J. User <sip:j.user@example.com>");
}

RFC4475_ROW("3.1.2.7", "ltgtruri", "<> Enclosing Request-URI") {
    const auto e = expect_decided_reject("ltgtruri");
    CHECK(e.offset == 7); // the "<"
}

RFC4475_ROW("3.1.2.8", "lwsruri", "Malformed SIP Request-URI (embedded LWS)") {
    // The URI ends at the SP after "sip:user@example.com;", so "lr SIP/2.0" stands where
    // SIP-Version belongs.
    const auto e = expect_decided_reject("lwsruri");
    CHECK(e.offset == corpus_file("lwsruri").find("lr SIP/2.0"));
}

RFC4475_ROW("3.1.2.9", "lwsstart", "Multiple SP Separating Request-Line Elements") {
    const auto e = expect_decided_reject("lwsstart");
    CHECK(e.offset == 7); // the second SP after INVITE
}

RFC4475_ROW("3.1.2.10", "trws", "SP Characters at End of Request-Line") {
    const auto e = expect_decided_reject("trws");
    CHECK(e.offset == corpus_file("trws").find("SIP/2.0  \r\n") + 7); // the first trailing SP
}

RFC4475_ROW("3.1.2.11", "escruri", "Escaped Headers in SIP Request-URI") {
    const auto m = expect_validation_reject("escruri");
    CHECK(m.request_uri() == "sip:user@example.com?Route=%3Csip:example.com%3E");
}

RFC4475_ROW("3.1.2.12", "baddate", "Invalid Time Zone in Date Header Field") {
    const auto m = expect_typed_reject("baddate");
    CHECK(m.find(header_id::date)->value == "Fri, 01 Jan 2010 16:00:00 EST");
}

RFC4475_ROW("3.1.2.13", "regbadct", "Failure to Enclose name-addr URI in <>") {
    const auto m = expect_typed_reject("regbadct");
    CHECK(m.find(header_id::contact)->value ==
          "sip:user@example.com?Route=%3Csip:sip.example.com%3E");
}

RFC4475_ROW("3.1.2.14", "badaspec", "Spaces within addr-spec") {
    const auto m = expect_typed_reject("badaspec");
    CHECK(m.find(header_id::to)->value == "\"Watson, Thomas\" < sip:t.watson@example.org >");
}

RFC4475_ROW("3.1.2.15", "baddn", "Non-token Characters in Display Name") {
    // The archived file ends at "l: 0" CRLF with no empty line, so the header section never
    // ends: headers_incomplete, at the end of the input. The RFC's own reason (an unquoted
    // comma in the To and From display names) is a typed-header check; with the empty line
    // added, the message layer accepts it and keeps those values raw for that check.
    const std::string& bytes = corpus_file("baddn");
    const auto e = expect_decided_reject("baddn");
    CHECK(e.offset == bytes.size());
    CHECK(bytes.substr(bytes.size() - 6) == "l: 0\r\n");
    const std::string completed = bytes + "\r\n";
    const auto m = sipkit::parse_message(completed);
    REQUIRE(m);
    CHECK(m->find(header_id::to)->value == "Watson, Thomas <sip:t.watson@example.org>");
    CHECK(m->find(header_id::from)->value == "Bell, Alexander <sip:a.g.bell@example.com>;tag=43");
}

RFC4475_ROW("3.1.2.16", "badvers", "Unknown Protocol Version") {
    const auto m = expect_validation_reject("badvers");
    CHECK(m.version() == "SIP/7.0");
    CHECK_FALSE(m.is_sip_2_0());
    CHECK(m.find(header_id::via)->value == "SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw");
}

RFC4475_ROW("3.1.2.17", "mismatch01", "Start Line and CSeq Method Mismatch") {
    const auto m = expect_validation_reject("mismatch01");
    CHECK(m.method() == "OPTIONS");
    CHECK(m.find(header_id::cseq)->value == "8 INVITE");
}

RFC4475_ROW("3.1.2.18", "mismatch02", "Unknown Method with CSeq Method Mismatch") {
    const auto m = expect_validation_reject("mismatch02");
    CHECK(m.method() == "NEWMETHOD");
    CHECK(m.find(header_id::cseq)->value == "8 INVITE");
    CHECK(m.body().size() == 138);
}

RFC4475_ROW("3.1.2.19", "bigcode", "Overlarge Response Code") {
    const auto e = expect_decided_reject("bigcode");
    CHECK(e.offset == 8); // the first digit of 4294967301
}

// ==== 3.2 Transaction layer ================================================================

RFC4475_ROW("3.2.1", "badbranch", "Missing Transaction Identifier") {
    const auto m = expect_accept("badbranch");
    CHECK(m.find(header_id::via)->value == "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK");
}

// ==== 3.3 Application layer ================================================================

RFC4475_ROW("3.3.1", "insuf", "Missing Required Header Fields") {
    const auto m = expect_accept("insuf");
    CHECK(m.header_count() == 4);
    CHECK_FALSE(m.contains(header_id::call_id));
    CHECK_FALSE(m.contains(header_id::from));
    CHECK_FALSE(m.contains(header_id::to));
    CHECK(m.body().size() == 152);
}

RFC4475_ROW("3.3.2", "unkscm", "Request-URI with Unknown Scheme") {
    const auto m = expect_accept("unkscm");
    CHECK(m.request_uri() == "nobodyKnowsThisScheme:totallyopaquecontent");
}

RFC4475_ROW("3.3.3", "novelsc", "Request-URI with Known but Atypical Scheme") {
    const auto m = expect_accept("novelsc");
    CHECK(m.request_uri() == "soap.beep://192.0.2.103:3002");
}

RFC4475_ROW("3.3.4", "unksm2", "Unknown URI Schemes in Header Fields") {
    const auto m = expect_accept("unksm2");
    CHECK(m.find(header_id::to)->value == "isbn:2983792873");
    CHECK(m.find(header_id::from)->value == "<http://www.example.com>;tag=3234233");
    CHECK(m.find(header_id::contact)->value == "<name:John_Smith>");
}

RFC4475_ROW("3.3.5", "bext01", "Proxy-Require and Require") {
    const auto m = expect_accept("bext01");
    CHECK(elements(m.find(header_id::require)->value) ==
          strings{"nothingSupportsThis", "nothingSupportsThisEither"});
    CHECK(elements(m.find(header_id::proxy_require)->value) ==
          strings{"noProxiesSupportThis", "norDoAnyProxiesSupportThis"});
}

RFC4475_ROW("3.3.6", "invut", "Unknown Content-Type") {
    const auto m = expect_accept("invut");
    CHECK(m.find(header_id::content_type)->value == "application/unknownformat");
    CHECK(m.body() == "<audio>\r\n <pcmu port=\"443\"/>\r\n</audio>\r\n");
}

RFC4475_ROW("3.3.7", "regaut01", "Unknown Authorization Scheme") {
    const auto m = expect_accept("regaut01");
    CHECK(m.find(header_id::authorization)->value == "NoOneKnowsThisScheme opaque-data=here");
    CHECK(m.content_length() == 0u); // "Content-Length:0", no space
}

RFC4475_ROW("3.3.8", "multi01", "Multiple Values in Single Value Required Fields") {
    const auto m = expect_accept("multi01");
    CHECK(values(m.all(header_id::call_id)) ==
          strings{"multi01.98asdh@192.0.2.1", "multi01.98asdh@192.0.2.2"});
    CHECK(values(m.all(header_id::cseq)) == strings{"5 INVITE", "59 INVITE"});
    CHECK(values(m.all(header_id::max_forwards)) == strings{"70", "5"});
    CHECK(m.all(header_id::to).size() == 2);
    CHECK(m.all(header_id::from).size() == 2);
    CHECK(m.all(header_id::contact).size() == 2);
    CHECK(m.body().size() == 154);
}

RFC4475_ROW("3.3.9", "mcl01", "Multiple Content-Length Values") {
    const auto e = expect_decided_reject("mcl01");
    CHECK(e.offset == corpus_file("mcl01").find("Content-Length: 5") + 16); // the second value
}

RFC4475_ROW("3.3.10", "bcast", "200 OK Response with Broadcast Via Header Field Value") {
    const auto m = expect_accept("bcast");
    CHECK(m.status_code() == 200);
    CHECK(values(m.all(header_id::via))[1] == "SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23");
}

RFC4475_ROW("3.3.11", "zeromf", "Max-Forwards of Zero") {
    const auto m = expect_accept("zeromf");
    CHECK(m.find(header_id::max_forwards)->value == "0");
}

RFC4475_ROW("3.3.12", "cparam01", "REGISTER with a Contact Header Parameter") {
    const auto m = expect_accept("cparam01");
    CHECK(m.find(header_id::contact)->value == "sip:+19725552222@gw1.example.net;unknownparam");
}

RFC4475_ROW("3.3.13", "cparam02", "REGISTER with a url-parameter") {
    const auto m = expect_accept("cparam02");
    CHECK(m.find(header_id::contact)->value == "<sip:+19725552222@gw1.example.net;unknownparam>");
}

RFC4475_ROW("3.3.14", "regescrt", "REGISTER with a URL Escaped Header") {
    const auto m = expect_accept("regescrt");
    CHECK(m.find(header_id::contact)->name == "M");
    CHECK(m.find(header_id::contact)->value ==
          "<sip:user@example.com?Route=%3Csip:sip.example.com%3E>");
    CHECK(m.content_length() == 0u);
}

RFC4475_ROW("3.3.15", "sdp01", "Unacceptable Accept Offering") {
    const auto m = expect_accept("sdp01");
    CHECK(m.find(header_id::accept)->value == "text/nobodyKnowsThis");
    CHECK(m.body().size() == 150);
}

// ==== 3.4 Backward compatibility ===========================================================

RFC4475_ROW("3.4.1", "inv2543", "INVITE with RFC 2543 Syntax") {
    const auto m = expect_accept("inv2543");
    const std::string& bytes = corpus_file("inv2543");
    CHECK_FALSE(m.content_length().has_value());
    CHECK(m.body() == after_header_section(bytes)); // to the end of the datagram
    CHECK(m.body().size() == 105);
    CHECK(m.bytes().size() == bytes.size());
    CHECK_FALSE(m.contains(header_id::max_forwards));
    CHECK(m.find(header_id::via)->value == "SIP/2.0/UDP iftgw.example.com"); // no branch
}

// ==== Coverage ==============================================================================

TEST_CASE("RFC 4475 corpus: the manifest has 49 rows, one file each, none missing", "[rfc4475]") {
    const auto& rows = manifest();
    CHECK(rows.size() == 49);
    std::set<std::string> names;
    for (const auto& r : rows) {
        INFO(r.name);
        CHECK(names.insert(r.name).second);
        CHECK((r.parse == "accept" || r.parse == "reject"));
        CHECK(std::filesystem::is_regular_file(rfc4475_dir + r.name + ".dat"));
        CHECK_FALSE(corpus_file(r.name).empty());
    }
    // And no .dat file without a row.
    std::size_t dat_files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(rfc4475_dir)) {
        if (entry.path().extension() != ".dat")
            continue;
        ++dat_files;
        INFO(entry.path().filename().string());
        CHECK(names.count(entry.path().stem().string()) == 1);
    }
    CHECK(dat_files == 49);
}

TEST_CASE("RFC 4475 corpus: every reject row is rejected in exactly one place: parse, typed "
          "access or validation",
          "[rfc4475]") {
    std::map<std::string, int> places;
    for (const auto& d : decided_rejects)
        ++places[std::string(d.name)];
    for (const auto& t : typed_rejects)
        ++places[std::string(t.name)];
    for (const auto& v : validation_rejects)
        ++places[std::string(v)];
    std::size_t accepts = 0;
    for (const auto& r : manifest()) {
        INFO(r.name << " parse=" << r.parse);
        if (r.parse == "accept") {
            ++accepts;
            CHECK(places.count(r.name) == 0);
        } else {
            CHECK(places[r.name] == 1);
        }
    }
    for (const auto& [name, count] : places)
        CHECK(find_row(name) != nullptr);
    CHECK(accepts == 29);
    CHECK(std::size(decided_rejects) == 9);
    CHECK(std::size(typed_rejects) == 7);
    CHECK(std::size(validation_rejects) == 4);
    CHECK(accepts + places.size() == manifest().size());
}

TEST_CASE("RFC 4475 corpus: every manifest row has exactly one test case, named after its section, "
          "name and title",
          "[rfc4475]") {
    std::map<std::string, int> cases;
    for (const auto& tc : Catch::getRegistryHub().getTestCaseRegistry().getAllTests()) {
        const std::string& name = tc.getTestCaseInfo().name;
        if (name.rfind("RFC 4475 §", 0) == 0)
            ++cases[name];
    }
    for (const auto& r : manifest()) {
        const std::string expected = test_case_name(r);
        INFO(expected);
        CHECK(cases[expected] == 1);
        // No other test case claims this row under a different title.
        int claims = 0;
        const std::string prefix = "RFC 4475 §" + r.section + " " + r.name + ":";
        for (const auto& [name, count] : cases)
            if (name.rfind(prefix, 0) == 0)
                claims += count;
        CHECK(claims == 1);
    }
}
