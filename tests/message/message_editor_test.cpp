// message_editor (sipkit/message/message_editor.hpp): edits recorded as splices against the
// original buffer (DESIGN.md "Editing"), applied once when written; untouched octets copied.
#include <sipkit/message/cseq.hpp>
#include <sipkit/message/message_editor.hpp>
#include <sipkit/message/parse_message.hpp>

#include <catch2/catch.hpp>
#include <rapidcheck/catch.h>

#include "../support/corpus.hpp"
#include "message_generators.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using sipkit::errc;
using sipkit::header_id;
using sipkit::message;
using sipkit::message_editor;

namespace {

using fields = std::vector<std::pair<std::string, std::string>>;

fields fields_of(const sipkit::message_view& m) {
    fields out;
    for (const sipkit::header_field h : m.headers())
        out.emplace_back(std::string(h.name), std::string(h.value));
    return out;
}

// RFC 3261 §16 at proxy p1: a request with a loose-route set, as a proxy receives it. Bare LF
// line ends, a compact name, a fold and odd spacing, all of which an edit must keep.
const std::string proxied = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                            "Route: <sip:p1.example.com;lr>,\r\n"
                            "   <sip:p2.example.com;lr>\r\n"
                            "v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\n"
                            "Max-Forwards:70\r\n"
                            "To :  Bob <sip:bob@biloxi.example.com>\r\n"
                            "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                            "Call-ID: a84b4c76e66710\r\n"
                            "CSeq: 314159 INVITE\r\n"
                            "Route: <sip:p3.example.com;lr>\r\n"
                            "Content-Length: 4\r\n"
                            "\r\n"
                            "v=0\n";

message parsed(const std::string& text) {
    return message::parse(text).value();
}

} // namespace

TEST_CASE("Editing: no edits write the original bytes exactly") {
    const message m = parsed(proxied);
    const message_editor e(m);
    CHECK(e.str() == proxied);
    const auto again = e.build();
    REQUIRE(again);
    CHECK(again->bytes() == proxied);
}

TEST_CASE("Editing: leading line breaks and trailing datagram octets are not written") {
    const std::string input = "\r\n" + proxied + "trailing";
    const auto view = sipkit::parse_message(input);
    REQUIRE(view);
    const message_editor e(*view);
    CHECK(e.str() == proxied);
    CHECK(&e.original() != &*view);
    CHECK(e.original().bytes() == view->bytes());
}

TEST_CASE("§16.6 a proxy's edits: Via on top, first Route popped, Max-Forwards, Record-Route") {
    const message m = parsed(proxied);
    message_editor e(m);
    e.prepend_via("SIP/2.0/UDP p1.example.com;branch=z9hG4bK2d4790.1");      // §16.6 step 8
    CHECK(e.pop_route());                                                    // §16.4
    e.replace(2, "69");                                                      // §16.6 step 3
    e.add_before(header_id::via, "Record-Route", "<sip:p1.example.com;lr>"); // §16.6 step 4
    const std::string expected = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
                                 "Route: <sip:p2.example.com;lr>\r\n"
                                 "Record-Route: <sip:p1.example.com;lr>\r\n"
                                 "Via: SIP/2.0/UDP p1.example.com;branch=z9hG4bK2d4790.1\r\n"
                                 "v: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\n"
                                 "Max-Forwards:69\r\n"
                                 "To :  Bob <sip:bob@biloxi.example.com>\r\n"
                                 "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
                                 "Call-ID: a84b4c76e66710\r\n"
                                 "CSeq: 314159 INVITE\r\n"
                                 "Route: <sip:p3.example.com;lr>\r\n"
                                 "Content-Length: 4\r\n"
                                 "\r\n"
                                 "v=0\n";
    CHECK(e.str() == expected);
    const auto out = e.build();
    REQUIRE(out);
    CHECK(out->bytes() == expected);
    CHECK(out->view().all(header_id::via).size() == 2);
}

TEST_CASE("Editing: add() appends at the end of the header section, in call order") {
    const message m = parsed(proxied);
    message_editor e(m);
    e.add("X-A", "1").add(header_id::subject, "two").add(sipkit::cseq{5, "X"});
    const auto out = e.build();
    REQUIRE(out);
    const auto f = fields_of(out->view());
    REQUIRE(f.size() == 12);
    CHECK(f[9] == std::pair<std::string, std::string>{"X-A", "1"});
    CHECK(f[10] == std::pair<std::string, std::string>{"Subject", "two"});
    CHECK(f[11] == std::pair<std::string, std::string>{"CSeq", "5 X"});
    CHECK(out->view().body() == "v=0\n");
}

TEST_CASE("Editing: add_before() goes before the first field with the id, or at the end") {
    const message m = parsed(proxied);
    message_editor e(m);
    e.add_before(header_id::to, "X-A", "a").add_before(header_id::to, "X-B", "b");
    e.add_before(header_id::accept, "X-C", "c");            // no Accept: at the end
    e.add_before(header_id::warning, sipkit::cseq{1, "Y"}); // no Warning either
    const auto out = e.build();
    REQUIRE(out);
    const auto f = fields_of(out->view());
    REQUIRE(f.size() == 13);
    CHECK(f[2].first == "Max-Forwards");
    CHECK(f[3].first == "X-A"); // call order before the same field
    CHECK(f[4].first == "X-B");
    CHECK(f[5].first == "To");
    CHECK(f[11].first == "X-C");
    CHECK(f[12].first == "CSeq");
}

TEST_CASE("§16.6 step 8 prepend_via: each new Via above all others") {
    const message m = parsed(proxied);
    message_editor e(m);
    e.prepend_via("SIP/2.0/UDP first.example.com").prepend_via("SIP/2.0/UDP second.example.com");
    const auto out = e.build();
    REQUIRE(out);
    std::vector<std::string> vias;
    for (const auto v : out->view().all(header_id::via))
        vias.emplace_back(v.value);
    CHECK(vias == std::vector<std::string>{
                      "SIP/2.0/UDP second.example.com", "SIP/2.0/UDP first.example.com",
                      "SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds"});
    CHECK(out->view().header(1).name == "Via");

    // A message without Via gets it at the end of the header section.
    const message bare = parsed("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\n\r\n");
    message_editor f(bare);
    f.prepend_via("SIP/2.0/TCP h");
    CHECK(f.str() == "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\nVia: SIP/2.0/TCP h\r\n\r\n");
}

TEST_CASE("§16.12 pop_route: element by element across fields, then false") {
    const message m = parsed(proxied);
    message_editor e(m);
    std::vector<std::vector<std::string>> seen;
    for (int i = 0; i < 3; ++i) {
        REQUIRE(e.pop_route());
        const auto out = e.build();
        REQUIRE(out);
        std::vector<std::string> routes;
        for (const auto r : out->view().all(header_id::route))
            for (const auto el : sipkit::comma_values(r.value))
                routes.emplace_back(el);
        seen.push_back(routes);
    }
    CHECK(seen[0] ==
          std::vector<std::string>{"<sip:p2.example.com;lr>", "<sip:p3.example.com;lr>"});
    CHECK(seen[1] == std::vector<std::string>{"<sip:p3.example.com;lr>"});
    CHECK(seen[2].empty());
    CHECK_FALSE(e.pop_route());
    const auto out = e.build();
    REQUIRE(out);
    CHECK(out->view().header_count() == 7);
}

TEST_CASE("§16.12 pop_route finds Route fields the editor added") {
    const message m = parsed("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\n\r\n");
    message_editor e(m);
    CHECK_FALSE(e.pop_route());
    e.add("Route", "<sip:x;lr>, <sip:y;lr>");
    CHECK(e.pop_route());
    CHECK(e.str() == "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\nRoute: <sip:y;lr>\r\n\r\n");
    CHECK(e.pop_route());
    CHECK(e.str() == "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: 1\r\n\r\n");
    CHECK_FALSE(e.pop_route());
}

TEST_CASE("§16.12 pop_route keeps the folds of the rest of an original field") {
    const std::string text =
        "BYE sip:a@b SIP/2.0\r\nRoute: <sip:x;lr>,\r\n <sip:y;lr>,\r\n\t<sip:z;lr>\r\n"
        "Call-ID: 1\r\n\r\n";
    const message m = parsed(text);
    message_editor e(m);
    REQUIRE(e.pop_route());
    CHECK(e.str() ==
          "BYE sip:a@b SIP/2.0\r\nRoute: <sip:y;lr>,\r\n\t<sip:z;lr>\r\nCall-ID: 1\r\n\r\n");
    CHECK(e.build());
    REQUIRE(e.pop_route());
    CHECK(e.str() == "BYE sip:a@b SIP/2.0\r\nRoute: <sip:z;lr>\r\nCall-ID: 1\r\n\r\n");
    CHECK(e.build());
}

TEST_CASE("§7.1 set_request_uri rewrites the Request-URI only") {
    const message m = parsed(proxied);
    message_editor e(m);
    e.set_request_uri("sip:bob@192.0.2.4").set_request_uri("sip:bob@192.0.2.5;transport=tcp");
    const auto out = e.build();
    REQUIRE(out);
    CHECK(out->view().request_uri() == "sip:bob@192.0.2.5;transport=tcp");
    CHECK(out->bytes().substr(out->view().start_line().size()) ==
          proxied.substr(proxied.find("\r\n")));
}

TEST_CASE("§20.14 set_body updates Content-Length") {
    SECTION("an existing Content-Length is rewritten in place") {
        const message m = parsed(proxied);
        message_editor e(m);
        e.set_body("hello, world");
        const auto out = e.build();
        REQUIRE(out);
        CHECK(out->view().body() == "hello, world");
        CHECK(out->view().find(header_id::content_length)->value == "12");
        CHECK(out->view().header(8).id == header_id::content_length);
    }
    SECTION("a datagram without Content-Length gets one at the end") {
        const message m = parsed("MESSAGE sip:a@b SIP/2.0\r\nCall-ID: 1\r\n\r\nold body");
        message_editor e(m);
        e.set_body("text/plain", "new");
        CHECK(e.str() == "MESSAGE sip:a@b SIP/2.0\r\nCall-ID: 1\r\nContent-Type: text/plain\r\n"
                         "Content-Length: 3\r\n\r\nnew");
    }
    SECTION("Content-Length edits by the user lose to set_body") {
        const message m = parsed("MESSAGE sip:a@b SIP/2.0\r\nl: 3\r\nContent-Length: 3\r\n"
                                 "c: text/plain\r\n\r\nold");
        message_editor e(m);
        e.remove(0).replace(1, "77").add("Content-Length", "9").set_body("application/json", "{}");
        CHECK(e.str() == "MESSAGE sip:a@b SIP/2.0\r\nl: 2\r\nc: application/json\r\n\r\n{}");
        CHECK(e.build());
    }
    SECTION("set_body(bytes) leaves Content-Type alone; an empty body is Content-Length 0") {
        const message m = parsed(proxied);
        message_editor e(m);
        e.set_body("text/plain", "x").set_body("");
        const auto out = e.build();
        REQUIRE(out);
        CHECK(out->view().body().empty());
        CHECK(out->view().content_length() == 0u);
        CHECK_FALSE(out->view().contains(header_id::content_type));
    }
}

TEST_CASE("Editing: conflicting edits of one field, the last wins") {
    const message m = parsed(proxied);
    const auto call_id_of = [](const message_editor& e) -> std::optional<std::string> {
        const auto out = e.build();
        REQUIRE(out);
        const auto f = out->view().find(header_id::call_id);
        return f ? std::optional<std::string>(f->value) : std::nullopt;
    };
    SECTION("replace, then replace") {
        message_editor e(m);
        e.replace(5, "one").replace(5, "two");
        CHECK(call_id_of(e) == "two");
    }
    SECTION("replace, then remove: removed") {
        message_editor e(m);
        e.replace(5, "one").remove(5);
        CHECK(call_id_of(e) == std::nullopt);
    }
    SECTION("remove, then replace: back with the new value, in its place") {
        message_editor e(m);
        e.remove(5).replace(5, "back");
        CHECK(call_id_of(e) == "back");
        CHECK(e.build()->view().header(5).name == "Call-ID");
    }
    SECTION("remove twice: removed once") {
        message_editor e(m);
        e.remove(5).remove(5);
        CHECK(call_id_of(e) == std::nullopt);
        CHECK(e.build()->view().header_count() == 8);
    }
    SECTION("pop_route works on the replaced value") {
        message_editor e(m);
        e.replace(0, "<sip:a;lr>, <sip:b;lr>, <sip:c;lr>");
        CHECK(e.pop_route());
        const auto out = e.build();
        REQUIRE(out);
        CHECK(out->view().header(0).value == "<sip:b;lr>, <sip:c;lr>");
    }
    SECTION("add_before a removed field goes before the next one with the id") {
        message_editor e(m);
        e.remove(0).add_before(header_id::route, "X-A", "1");
        const auto out = e.build();
        REQUIRE(out);
        CHECK(out->view().header(6).name == "X-A");
        CHECK(out->view().header(7).name == "Route");
    }
    SECTION("inserted fields before a removed one stay") {
        message_editor e(m);
        e.add_before(header_id::to, "X-A", "1").remove(3);
        const auto out = e.build();
        REQUIRE(out);
        CHECK(out->view().header(3).name == "X-A");
        CHECK(out->view().header(4).name == "From");
    }
}

TEST_CASE("Editing: what cannot be written fails build() with the offset in str()") {
    const message m = parsed(proxied);
    SECTION("a line break in an added value names the header") {
        message_editor e(m);
        e.prepend_via("SIP/2.0/UDP h\r\nX: injected");
        const auto out = e.build();
        REQUIRE_FALSE(out);
        CHECK(out.error().code == errc::via_invalid);
        CHECK(out.error().offset == e.str().find("\r\nX: injected"));
    }
    SECTION("a name that is not a token") {
        message_editor e(m);
        e.add("Bad Name", "v");
        const auto out = e.build();
        REQUIRE_FALSE(out);
        CHECK(out.error().code == errc::header_name_invalid);
        CHECK(out.error().offset == e.str().find(" Name: v"));
    }
    SECTION("a replaced value with a line break") {
        message_editor e(m);
        e.replace(6, "1 INVITE\nVia: x");
        const auto out = e.build();
        REQUIRE_FALSE(out);
        CHECK(out.error().code == errc::cseq_invalid);
        CHECK(out.error().offset == e.str().find("\nVia: x"));
    }
    SECTION("a bad edit later removed is no error") {
        message_editor e(m);
        e.replace(6, "1 INVITE\nVia: x").replace(6, "2 INVITE");
        CHECK(e.build());
    }
    SECTION("an index out of range") {
        message_editor e(m);
        e.remove(10);
        const auto out = e.build();
        REQUIRE_FALSE(out);
        CHECK(out.error().code == errc::header_missing);
        CHECK(out.error().offset == 0);
        CHECK(e.str() == proxied); // str() skips it
    }
    SECTION("a Request-URI with a space, or on a response") {
        message_editor e(m);
        e.set_request_uri("sip:a b");
        const auto out = e.build();
        REQUIRE_FALSE(out);
        CHECK(out.error().code == errc::request_uri_invalid);
        CHECK(out.error().offset == 7 + 5);
        const message r = parsed("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n");
        message_editor f(r);
        f.set_request_uri("sip:a@b");
        const auto bad = f.build();
        REQUIRE_FALSE(bad);
        CHECK(bad.error().code == errc::request_uri_invalid);
        CHECK(f.str() == r.bytes());
    }
    SECTION("the parser's own errors come through") {
        message_editor e(m);
        e.replace(8, "x"); // Content-Length
        const auto out = e.build();
        REQUIRE_FALSE(out);
        CHECK(out.error().code == errc::content_length_invalid);
    }
}

TEST_CASE("RFC 4475 §3.1.1.1 wsinv: edits keep every untouched field byte for byte") {
    const std::string text = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "wsinv.dat");
    REQUIRE_FALSE(text.empty());
    const auto view = sipkit::parse_message(text);
    REQUIRE(view);
    message_editor e(*view);
    e.prepend_via("SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1");
    CHECK(e.pop_route()); // "Route:" fold "<sip:services.example.com;...>": one element
    std::size_t max_forwards = 0;
    while (view->header(max_forwards).id != header_id::max_forwards)
        ++max_forwards;
    e.replace(max_forwards, "67"); // "MaX-fOrWaRdS: 0068"
    const auto out = e.build();
    REQUIRE(out);
    // What must come out: the original fields, folds and all, with the three edits.
    fields want;
    bool via_added = false;
    for (const sipkit::header_field h : view->headers()) {
        if (h.id == header_id::via && !via_added) {
            want.emplace_back("Via", "SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp1");
            via_added = true;
        }
        if (h.id == header_id::route)
            continue;
        want.emplace_back(std::string(h.name),
                          h.id == header_id::max_forwards ? "67" : std::string(h.value));
    }
    CHECK(fields_of(out->view()) == want);
    const std::string s = e.str();
    CHECK(s.find("TO :\r\n sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n\r\n") !=
          std::string::npos);
    CHECK(s.find("cseq: 0009\r\n  INVITE\r\n") != std::string::npos);
    CHECK(s.find("Route") == std::string::npos);
    CHECK(s.find("MaX-fOrWaRdS: 67\r\n") != std::string::npos);
    CHECK(out->view().body() == view->body());
}

TEST_CASE("RFC 4475 §3.1.1.11 mpart01: set_body on a multipart message") {
    const std::string text = sipkit_test::read_binary(sipkit_test::rfc4475_dir + "mpart01.dat");
    REQUIRE_FALSE(text.empty());
    const auto view = sipkit::parse_message(text);
    REQUIRE(view);
    message_editor e(*view);
    e.set_body("application/sdp", "v=0\r\n");
    const auto out = e.build();
    REQUIRE(out);
    CHECK(out->view().body() == "v=0\r\n");
    CHECK(out->view().find(header_id::content_type)->value == "application/sdp");
    CHECK(out->view().all(header_id::content_type).size() == 1);
    CHECK(out->view().header_count() == view->header_count());
}

// ---- property: random edits against a model -----------------------------------------------

namespace {

struct model_field {
    std::string name;
    std::string value;
    header_id id = header_id::other;
    int original = -1; // index in the parsed message, -1 for an added field
    bool removed = false;
    bool edited = false;
};

struct model {
    std::vector<model_field> fields;
    std::optional<std::string> uri;
    std::optional<std::string> body;
    std::optional<std::string> content_type;

    std::size_t find_original(int i) const {
        for (std::size_t k = 0; k < fields.size(); ++k)
            if (fields[k].original == i)
                return k;
        return fields.size();
    }
    std::size_t first_live(header_id id) const {
        for (std::size_t k = 0; k < fields.size(); ++k)
            if (!fields[k].removed && fields[k].id == id)
                return k;
        return fields.size();
    }
    void insert_before(header_id id, model_field f) {
        const std::size_t k = first_live(id);
        fields.insert(fields.begin() + static_cast<std::ptrdiff_t>(k), std::move(f));
    }
    bool pop_route() {
        const std::size_t k = first_live(header_id::route);
        if (k == fields.size())
            return false;
        model_field& f = fields[k];
        std::vector<std::string_view> elements;
        for (const auto e : sipkit::comma_values(f.value))
            elements.push_back(e);
        if (elements.size() <= 1) {
            if (f.original < 0)
                fields.erase(fields.begin() + static_cast<std::ptrdiff_t>(k));
            else
                f.removed = true;
        } else {
            f.value = f.value.substr(static_cast<std::size_t>(elements[1].data() - f.value.data()));
            f.edited = true;
        }
        return true;
    }
    // set_body's rule: the first original field holds the value, others go.
    void own(header_id id, std::string_view name, const std::string& value) {
        std::erase_if(fields, [id](const model_field& f) { return f.original < 0 && f.id == id; });
        bool first = true;
        for (model_field& f : fields) {
            if (f.id != id)
                continue;
            if (first) {
                f.value = value;
                f.removed = false;
                f.edited = true;
                first = false;
            } else {
                f.removed = true;
            }
        }
        if (first)
            fields.push_back({std::string(name), value, id, -1, false, true});
    }
};

rc::Gen<std::string> gen_added_name() {
    return rc::gen::weightedOneOf<std::string>({
        {2, rc::gen::just(std::string("Route"))},
        {1, rc::gen::just(std::string("Via"))},
        {1, rc::gen::just(std::string("v"))},
        {2, rc::gen::map(rc::gen::elementOf(sipkit_test::known_headers),
                         [](const sipkit_test::known_header& k) {
                             return k.id == header_id::content_length ? std::string("Subject")
                                                                      : std::string(k.name);
                         })},
        {2, rc::gen::suchThat(sipkit_test::gen_token(1, 12),
                              [](const std::string& s) {
                                  return sipkit_test::expected_id(s) != header_id::content_length;
                              })},
    });
}

rc::Gen<std::string> gen_added_value() {
    return rc::gen::weightedOneOf<std::string>({
        {3, sipkit_test::gen_header_value()},
        {2, sipkit_test::gen_comma_list()},
    });
}

} // namespace

TEST_CASE("property: random edits, re-parsed: edits present, untouched fields byte-identical") {
    rc::prop("Editing keeps untouched fields and applies the edits", [] {
        auto g = *sipkit_test::gen_message();
        // Route fields are rare among random headers: give most messages a few, folded.
        const auto routes = *rc::gen::inRange(0, 4);
        for (int r = 0; r < routes; ++r) {
            sipkit_test::generated_header h;
            h.name = *rc::gen::element<std::string>("Route", "route", "ROUTE");
            h.id = header_id::route;
            const auto n = *rc::gen::inRange(1, 4);
            for (int k = 0; k < n; ++k) {
                if (k > 0)
                    h.value += *rc::gen::element<std::string>(", ", ",\r\n ", " ,\r\n\t", ",");
                h.value += *sipkit_test::gen_name_addr();
            }
            h.line_end = "\r\n";
            const auto at = *rc::gen::inRange<std::size_t>(0, g.headers.size() + 1);
            g.headers.insert(g.headers.begin() + static_cast<std::ptrdiff_t>(at), h);
        }
        g.render();
        const auto view = sipkit::parse_message(g.wire);
        RC_ASSERT(view.has_value());
        message_editor e(*view);
        model md;
        for (std::size_t i = 0; i < view->header_count(); ++i) {
            const auto h = view->header(i);
            md.fields.push_back({std::string(h.name), std::string(h.value), h.id,
                                 static_cast<int>(i), false, false});
        }
        const auto ops = *rc::gen::inRange(0, 12);
        int pops = 0;
        for (int n = 0; n < ops; ++n) {
            const int op = *rc::gen::inRange(0, 9);
            const auto editable = [&](std::size_t i) {
                return view->header(i).id != header_id::content_length;
            };
            if (op == 0) {
                const auto name = *gen_added_name();
                const auto value = *gen_added_value();
                e.add(name, value);
                md.fields.push_back(
                    {name, value, sipkit::lookup_header_name(name), -1, false, true});
            } else if (op == 1) {
                const auto before =
                    *rc::gen::element(header_id::via, header_id::route, header_id::to,
                                      header_id::other, header_id::subject);
                const auto name = *gen_added_name();
                const auto value = *gen_added_value();
                e.add_before(before, name, value);
                md.insert_before(before,
                                 {name, value, sipkit::lookup_header_name(name), -1, false, true});
            } else if ((op == 2 || op == 3) && view->header_count() > 0) {
                const auto i = *rc::gen::inRange<std::size_t>(0, view->header_count());
                if (!editable(i))
                    continue;
                model_field& f = md.fields[md.find_original(static_cast<int>(i))];
                if (op == 2) {
                    e.remove(i);
                    f.removed = true;
                } else {
                    const auto value = *gen_added_value();
                    e.replace(i, value);
                    f.value = value;
                    f.removed = false;
                    f.edited = true;
                }
            } else if (op == 4) {
                const auto value = *sipkit_test::gen_via();
                e.prepend_via(value);
                md.insert_before(header_id::via, {"Via", value, header_id::via, -1, false, true});
            } else if (op == 5 || op == 6) {
                const bool popped = md.pop_route();
                RC_ASSERT(e.pop_route() == popped);
                pops += popped ? 1 : 0;
            } else if (op == 7 && view->is_request()) {
                const auto uri = *sipkit_test::gen_request_uri();
                e.set_request_uri(uri);
                md.uri = uri;
            } else if (op == 8) {
                const auto body = *sipkit_test::gen_bytes(40);
                if (*rc::gen::inRange(0, 2) == 0) {
                    const auto type =
                        *sipkit_test::gen_token(1, 8) + "/" + *sipkit_test::gen_token(1, 8);
                    e.set_body(type, body);
                    md.content_type = type;
                } else {
                    e.set_body(body);
                    md.content_type.reset();
                }
                md.body = body;
            }
        }
        if (md.body) {
            if (md.content_type)
                md.own(header_id::content_type, "Content-Type", *md.content_type);
            md.own(header_id::content_length, "Content-Length", std::to_string(md.body->size()));
        }

        RC_TAG(pops > 0 ? "popped a Route element" : "popped none");
        const std::string text = e.str();
        const auto out = e.build();
        RC_ASSERT(out.has_value());
        RC_ASSERT(out->bytes() == text);
        const sipkit::message_view& v = out->view();
        fields want;
        for (const model_field& f : md.fields)
            if (!f.removed)
                want.emplace_back(f.name, f.value);
        RC_ASSERT(fields_of(v) == want);
        // Untouched original fields: the very same value octets, folds included.
        std::size_t k = 0;
        for (const model_field& f : md.fields) {
            if (f.removed)
                continue;
            if (f.original >= 0 && !f.edited)
                RC_ASSERT(v.header(k).value ==
                          view->header(static_cast<std::size_t>(f.original)).value);
            ++k;
        }
        RC_ASSERT(v.request_uri() == (md.uri ? std::string_view(*md.uri) : view->request_uri()));
        RC_ASSERT(v.start_line().size() ==
                  view->start_line().size() - view->request_uri().size() + v.request_uri().size());
        RC_ASSERT(v.body() == (md.body ? std::string_view(*md.body) : view->body()));
    });
}
