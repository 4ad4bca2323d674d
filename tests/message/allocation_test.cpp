// parse_message never allocates: this test replaces the global operator new and delete with
// counting versions, then parses every benchmark-corpus message and every RFC 4475 message
// the manifest calls well-formed (parse=accept) and checks that the count did not move.
// Copying a message_view must not allocate either.
#include <sipkit/message/parse_message.hpp>

#include <catch2/catch.hpp>

#include "../support/corpus.hpp"
#include "../support/counting_allocator.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using sipkit_test::allocations;

using sipkit_test::read_binary;

// The names of the RFC 4475 rows with parse=accept, in manifest order.
std::vector<std::string> rfc4475_accepted() {
    std::vector<std::string> out;
    for (const auto& row : sipkit_test::rfc4475_manifest())
        if (row.parse == "accept")
            out.push_back(row.name);
    return out;
}

struct parse_count {
    bool parsed = false;
    std::size_t allocations = 0;
    std::size_t header_count = 0;
};

// Parses and copies, counting the allocations of just that.
parse_count parse_counting(std::string_view bytes) {
    const std::size_t before = allocations();
    const auto r = sipkit::parse_message(bytes);
    const std::size_t after = allocations();
    return {r.has_value(), after - before, r ? r->header_count() : 0};
}

} // namespace

TEST_CASE("the counting operator new sees allocations (the check below is live)") {
    // Volatile pointers, so that no optimizer may elide the allocations (C++14 [expr.new]/10).
    const std::size_t before = allocations();
    int* volatile p = new int(5);
    void* volatile raw = ::operator new(16);
    const std::size_t after = allocations();
    delete p;
    ::operator delete(raw);
    CHECK(after - before == 2);
}

TEST_CASE("parse_message makes no heap allocation for any benchmark-corpus message") {
    const auto files = sipkit_test::bench_corpus_files();
    REQUIRE(files.size() >= 14);
    for (const auto& path : files) {
        const std::string bytes = read_binary(path);
        DYNAMIC_SECTION(path.filename().string()) {
            REQUIRE_FALSE(bytes.empty());
            const parse_count c = parse_counting(bytes);
            CHECK(c.parsed);
            CHECK(c.header_count > 0);
            CHECK(c.allocations == 0);
        }
    }
}

TEST_CASE("parse_message makes no heap allocation for any RFC 4475 message with parse=accept") {
    const auto names = rfc4475_accepted();
    REQUIRE(names.size() == 29);
    for (const auto& name : names) {
        const std::string bytes = read_binary(sipkit_test::rfc4475_dir + name + ".dat");
        DYNAMIC_SECTION(name) {
            REQUIRE_FALSE(bytes.empty());
            const parse_count c = parse_counting(bytes);
            CHECK(c.parsed);
            CHECK(c.allocations == 0);
        }
    }
}

TEST_CASE("parse_message makes no heap allocation on failure either") {
    for (const std::string_view bad :
         {std::string_view(""), std::string_view("INVITE <sip:x> SIP/2.0\r\n\r\n"),
          std::string_view("SIP/2.0 4294967301 x\r\n\r\n"),
          std::string_view("OPTIONS sip:a SIP/2.0\r\nl: 9\r\n\r\nabc")}) {
        const parse_count c = parse_counting(bad);
        CHECK_FALSE(c.parsed);
        CHECK(c.allocations == 0);
    }
}

TEST_CASE("copying and assigning a message_view allocates nothing") {
    const std::string bytes = read_binary(sipkit_test::rfc4475_dir + "longreq.dat");
    const auto r = sipkit::parse_message(bytes);
    REQUIRE(r);
    const std::size_t before = allocations();
    const sipkit::message_view copy = *r;
    sipkit::message_view assigned;
    assigned = copy;
    const std::size_t via_count = assigned.all(sipkit::header_id::via).size();
    const auto to = assigned.find("to");
    const std::size_t after = allocations();
    CHECK(after - before == 0);
    CHECK(via_count == 34);
    CHECK(to.has_value());
    CHECK(copy.header_count() == r->header_count());
}
