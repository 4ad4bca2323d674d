// The shared test corpora (../shared beside the repository) and small helpers the tests share:
// reading files byte-exact, the RFC 4475 manifest, the benchmark corpus, case conversion and
// collecting header values.
#pragma once

#include <sipkit/message/header_field.hpp>
#include <sipkit/message/message_view.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#ifdef SIPKIT_SHARED_DIR
#    define SIPKIT_TEST_SHARED_DIR SIPKIT_SHARED_DIR "/"
#else
#    define SIPKIT_TEST_SHARED_DIR SIPKIT_SOURCE_DIR "/../shared/"
#endif

namespace sipkit_test {

inline const std::string rfc4475_dir = SIPKIT_TEST_SHARED_DIR "corpus/rfc4475/";
inline const std::string bench_corpus_dir = SIPKIT_TEST_SHARED_DIR "bench/corpus/";

/// The file's bytes exactly (binary mode, no line-ending translation); empty if unreadable.
inline std::string read_binary(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    for (std::size_t start = 0;;) {
        const std::size_t at = s.find(sep, start);
        out.emplace_back(s.substr(start, at - start));
        if (at == std::string_view::npos)
            return out;
        start = at + 1;
    }
}

/// An RFC 4475 message by name ("wsinv"), read once and kept for the whole run, so that views
/// into it (message_view, typed headers) stay valid.
inline const std::string& rfc4475_file(const std::string& name) {
    static std::map<std::string, std::string> files;
    auto it = files.find(name);
    if (it == files.end())
        it = files.emplace(name, read_binary(rfc4475_dir + name + ".dat")).first;
    return it->second;
}

/// One row of ../shared/corpus/rfc4475/manifest.tsv (its README explains the columns).
struct manifest_row {
    std::string name, section, title, kind, parse, response, role, why;
};

/// The manifest's rows in file order; a row without its 8 columns is left out (the RFC 4475
/// test counts the rows, so a damaged manifest fails there).
inline const std::vector<manifest_row>& rfc4475_manifest() {
    static const std::vector<manifest_row> rows = [] {
        std::vector<manifest_row> out;
        const auto lines = split(read_binary(rfc4475_dir + "manifest.tsv"), '\n');
        for (std::size_t i = 1; i < lines.size(); ++i) { // line 0 is the column header
            std::string line = lines[i];
            if (!line.empty() && line.back() == '\r')
                line.pop_back();
            const auto c = split(line, '\t');
            if (c.size() == 8)
                out.push_back({c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]});
        }
        return out;
    }();
    return rows;
}

/// Every *.sip file of the benchmark corpus, in name order.
inline std::vector<std::filesystem::path> bench_corpus_files() {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::directory_iterator(bench_corpus_dir))
        if (e.path().extension() == ".sip")
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

inline std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

inline std::string upper(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

/// The values of a range of header fields, as strings.
inline std::vector<std::string> values(const sipkit::message_view::header_range& range) {
    std::vector<std::string> out;
    for (const sipkit::header_field h : range)
        out.emplace_back(h.value);
    return out;
}

/// The elements comma_values finds in a header value, as strings.
inline std::vector<std::string> elements(std::string_view value) {
    std::vector<std::string> out;
    for (const std::string_view e : sipkit::comma_values(value))
        out.emplace_back(e);
    return out;
}

} // namespace sipkit_test
