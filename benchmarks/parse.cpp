// bench-parse: sipkit's harness for the shared parse benchmark (../shared/bench/README.md).
//
//   bench-parse [--typed|--serialize] [--min-time S] [--iters N] [--no-header] CORPUS_DIR...
//
// Follows the `--extra` contract of ../shared/bench/run.sh, and times exactly what the C
// harnesses there time, measured the same way:
//   (default)    sipkit::parse_message on the message               impl "sipkit"
//   --serialize  sipkit::serialize_to into a reused std::string,
//                of a message_view parsed once before timing        impl "sipkit-serialize"
//   --typed      parse, then read through the typed accessors the fields a transaction layer
//                needs (../shared/bench/README.md): top Via branch, From tag, To URI host
//                and tag, CSeq number and method, Call-ID, first Contact URI host,
//                Max-Forwards value, body length                    impl "sipkit-typed"
// stdout: TSV rows `impl message bytes ns_per_msg MB_per_s`, one per *.sip file in name
// order, then a `corpus-mix` row (one call parses every message in turn; bytes and ns are per
// message, averaged over the corpus). Timing: for each row, batches sized to about 1/8 of
// --min-time (0.3 s by default), at least 5 batches and at least --min-time in all, fastest
// batch reported; with --iters N, exactly one batch of N calls and no calibration. The timed
// loop is the non-inlined extern "C" bench_loop, called exactly once per row with --iters, so
// that callgrind can count it (--toggle-collect=bench_loop --dump-after=bench_loop).
//
// Before timing, every message is parsed once and checked: the parse succeeds without heap
// allocation, the body is exactly the bytes after the header block, and Content-Length
// agrees with it; in --serialize mode the output must parse back to the same message. A
// failure names the message on stderr ("sipkit: FAIL <message>: <why>") and the exit status
// is 1; usage errors exit 2.

#include <sipkit/sipkit.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <new>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#if defined(_MSC_VER) && !defined(__clang__)
#    define SIPKIT_BENCH_NOINLINE __declspec(noinline)
#elif defined(__clang__)
#    define SIPKIT_BENCH_NOINLINE __attribute__((noinline, used))
#else
// noclone: a clone specialised for one op would be named bench_loop.constprop.N, which
// callgrind's --toggle-collect=bench_loop would not count.
#    define SIPKIT_BENCH_NOINLINE __attribute__((noinline, noclone, used))
#endif

// ---- heap allocation counter --------------------------------------------------------------
// Replacing the global operator new lets the pre-timing check prove that parse_message does not
// allocate. Outside that check the counter costs one relaxed increment per allocation.
#include "../tests/support/counting_allocator.hpp"

namespace {

// ---- harness (the C++ counterpart of the C harnesses' common block) ------------------------

struct corpus_msg {
    std::string name; // file name without .sip
    std::string data; // the file's bytes
};

struct options {
    enum class mode { parse, typed, serialize } mode = mode::parse;
    double min_time = 0.3;
    long iters = 0;
    bool header = true;
};

// Results go here so that the compiler cannot drop the work being timed.
volatile std::uint64_t g_sink = 0;

} // namespace

/// One timed operation on one message; returns 0 on success.
using bench_op = int (*)(const corpus_msg* m, void* state);

/// The timed region; callgrind's --toggle-collect/--dump-after name it.
extern "C" SIPKIT_BENCH_NOINLINE int bench_loop(bench_op op, const corpus_msg* m, void* state,
                                                long n) {
    int bad = 0;
    for (long i = 0; i < n; ++i)
        bad |= op(m, state);
    return bad;
}

namespace {

[[noreturn]] void usage_error(const char* argv0, const char* why) {
    if (why != nullptr)
        std::fprintf(stderr, "%s: %s\n", argv0, why);
    std::fprintf(stderr,
                 "usage: %s [--typed|--serialize] [--min-time S] [--iters N] [--no-header] "
                 "CORPUS_DIR...\n",
                 argv0);
    std::exit(2);
}

std::uint64_t now_ns() {
    return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::steady_clock::now().time_since_epoch())
                                          .count());
}

bool load_file(const std::filesystem::path& path, corpus_msg& m) {
    std::ifstream f(path, std::ios::binary);
    if (!f)
        return false;
    m.data.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    if (f.bad() || m.data.empty())
        return false;
    std::string name = path.filename().string();
    if (name.size() > 4 && name.ends_with(".sip"))
        name.resize(name.size() - 4);
    m.name = std::move(name);
    return true;
}

/// Each argument is a directory (its *.sip files, in name order) or a file.
std::vector<corpus_msg> load_corpus(const std::vector<std::string>& paths) {
    std::vector<corpus_msg> msgs;
    for (const std::string& arg : paths) {
        std::error_code ec;
        const std::filesystem::path p(arg);
        if (!std::filesystem::exists(p, ec)) {
            std::fprintf(stderr, "cannot stat %s: %s\n", arg.c_str(),
                         ec ? ec.message().c_str() : "No such file or directory");
            std::exit(2);
        }
        std::vector<std::filesystem::path> files;
        if (std::filesystem::is_directory(p, ec)) {
            for (const auto& e : std::filesystem::directory_iterator(p, ec)) {
                const std::string f = e.path().filename().string();
                if (f.size() >= 5 && f.ends_with(".sip"))
                    files.push_back(e.path());
            }
            if (ec) {
                std::fprintf(stderr, "cannot read %s: %s\n", arg.c_str(), ec.message().c_str());
                std::exit(2);
            }
        } else {
            files.push_back(p);
        }
        const std::size_t first = msgs.size();
        for (const auto& f : files) {
            corpus_msg m;
            if (!load_file(f, m)) {
                std::fprintf(stderr, "cannot read %s\n", f.string().c_str());
                std::exit(2);
            }
            msgs.push_back(std::move(m));
        }
        // Name order, bytewise (strcmp), like the C harnesses.
        std::sort(msgs.begin() + static_cast<std::ptrdiff_t>(first), msgs.end(),
                  [](const corpus_msg& a, const corpus_msg& b) {
                      return std::strcmp(a.name.c_str(), b.name.c_str()) < 0;
                  });
    }
    if (msgs.empty()) {
        std::fprintf(stderr, "no .sip messages found\n");
        std::exit(2);
    }
    return msgs;
}

/// ns per call of op: the fastest of >= 5 equal batches that together last >= min_time (noise
/// on a shared machine only ever adds time). With --iters, one batch of exactly that many calls.
double measure(bench_op op, const corpus_msg* m, void* state, const options& o, int& bad) {
    if (o.iters > 0) {
        const std::uint64_t t0 = now_ns();
        bad |= bench_loop(op, m, state, o.iters);
        return static_cast<double>(now_ns() - t0) / static_cast<double>(o.iters);
    }
    double target = o.min_time * 1e9 / 8; // one batch
    if (target < 2e6)
        target = 2e6;
    long n = 1;
    std::uint64_t el = 0;
    for (;;) {
        const std::uint64_t t0 = now_ns();
        bad |= bench_loop(op, m, state, n);
        el = now_ns() - t0;
        if (static_cast<double>(el) >= target)
            break;
        double grow = el > 0 ? target * 1.25 / static_cast<double>(el) : 100.0;
        grow = std::clamp(grow, 2.0, 100.0);
        n = static_cast<long>(static_cast<double>(n) * grow);
    }
    double best = static_cast<double>(el) / static_cast<double>(n);
    double total = static_cast<double>(el);
    int batches = 1;
    while (batches < 5 || total < o.min_time * 1e9) {
        const std::uint64_t t0 = now_ns();
        bad |= bench_loop(op, m, state, n);
        el = now_ns() - t0;
        total += static_cast<double>(el);
        ++batches;
        best = std::min(best, static_cast<double>(el) / static_cast<double>(n));
    }
    return best;
}

void print_row(const char* impl, const std::string& name, double bytes, double ns) {
    std::printf("%s\t%s\t%.0f\t%.1f\t%.1f\n", impl, name.c_str(), bytes, ns, bytes / ns * 1e3);
    std::fflush(stdout);
}

/// The whole corpus in rotation: one call runs op on every message once, so the branch
/// predictor cannot learn a single message's path.
struct corpus_mix {
    const corpus_msg* msgs;
    void* const* states;
    std::size_t count;
    bench_op op;
};

int op_mix(const corpus_msg*, void* state) {
    const auto* x = static_cast<const corpus_mix*>(state);
    int bad = 0;
    for (std::size_t i = 0; i < x->count; ++i)
        bad |= x->op(&x->msgs[i], x->states[i]);
    return bad;
}

/// Times op on every message, then (if mix) on the rotation. Returns the number of timed
/// loops that failed.
int bench_corpus(const char* impl, const std::vector<corpus_msg>& msgs,
                 const std::vector<void*>& states, bench_op op, const options& o, bool mix) {
    int failures = 0;
    double total_bytes = 0;
    for (std::size_t i = 0; i < msgs.size(); ++i) {
        int bad = 0;
        const double ns = measure(op, &msgs[i], states[i], o, bad);
        if (bad != 0) {
            std::fprintf(stderr, "%s: FAIL %s: failed inside the timed loop\n", impl,
                         msgs[i].name.c_str());
            ++failures;
        }
        print_row(impl, msgs[i].name, static_cast<double>(msgs[i].data.size()), ns);
        total_bytes += static_cast<double>(msgs[i].data.size());
    }
    if (!mix || msgs.empty())
        return failures;
    corpus_mix x{msgs.data(), states.data(), msgs.size(), op};
    int bad = 0;
    const double ns = measure(op_mix, &msgs[0], &x, o, bad) / static_cast<double>(msgs.size());
    if (bad != 0) {
        std::fprintf(stderr, "%s: FAIL corpus-mix: failed inside the timed loop\n", impl);
        ++failures;
    }
    print_row(impl, "corpus-mix", total_bytes / static_cast<double>(msgs.size()), ns);
    return failures;
}

options parse_args(int argc, char** argv, std::vector<std::string>& paths) {
    options o;
    int i = 1;
    for (; i < argc && std::strncmp(argv[i], "--", 2) == 0; ++i) {
        const std::string_view a = argv[i];
        if (a == "--typed")
            o.mode = options::mode::typed;
        else if (a == "--serialize")
            o.mode = options::mode::serialize;
        else if (a == "--no-header")
            o.header = false;
        else if (a == "--min-time" && i + 1 < argc)
            o.min_time = std::strtod(argv[++i], nullptr);
        else if (a == "--iters" && i + 1 < argc)
            o.iters = std::strtol(argv[++i], nullptr, 10);
        else
            usage_error(argv[0], nullptr);
    }
    if (i >= argc)
        usage_error(argv[0], "no corpus given");
    for (; i < argc; ++i)
        paths.emplace_back(argv[i]);
    return o;
}

// ---- the operations timed ----------------------------------------------------------------

int op_parse(const corpus_msg* m, void*) {
    const auto r = sipkit::parse_message(std::string_view(m->data));
    if (!r)
        return 1;
    g_sink = g_sink + r->header_count() + r->body().size();
    return 0;
}

/// --typed: parse, then the typed fields of ../shared/bench/README.md, as values (the CSeq number
/// and Max-Forwards parsed to integers). Returns 1 when a field is missing or malformed.
int op_typed(const corpus_msg* m, void*) {
    const auto r = sipkit::parse_message(std::string_view(m->data));
    if (!r)
        return 1;
    const auto top_via = r->get<sipkit::via>();
    const auto from = r->get<sipkit::from>();
    const auto to = r->get<sipkit::to>();
    const auto cseq = r->get<sipkit::cseq>();
    const auto call_id = r->get<sipkit::call_id>();
    if (!top_via || !from || !to || !cseq || !call_id)
        return 1;
    const auto branch = top_via->branch();
    const auto from_tag = from->tag();
    const auto to_tag = to->tag();
    const sipkit::sip_uri* to_uri = to->uri.as_sip();
    if (!branch || !from_tag || to_uri == nullptr)
        return 1;
    std::size_t sum = branch->size() + from_tag->size() + to_uri->host().size() +
                      (to_tag ? to_tag->size() : 0) + cseq->number + cseq->method.size() +
                      call_id->value.size() + r->body().size();
    // Contact and Max-Forwards may be absent (responses), never malformed.
    if (const auto contact = r->get<sipkit::contact>()) {
        const sipkit::sip_uri* contact_uri = contact->uri.as_sip();
        if (contact_uri == nullptr)
            return 1;
        sum += contact_uri->host().size();
    } else if (contact.error().code != sipkit::errc::header_missing) {
        return 1;
    }
    if (const auto max_forwards = r->get<sipkit::max_forwards>())
        sum += max_forwards->value;
    else if (max_forwards.error().code != sipkit::errc::header_missing)
        return 1;
    g_sink = g_sink + sum;
    return 0;
}

/// --serialize: the message parsed once before timing, and the output string reused.
struct serialize_state {
    sipkit::message_view view;
    std::string out;
};

int op_serialize(const corpus_msg*, void* state) {
    auto* s = static_cast<serialize_state*>(state);
    s->out.clear();
    sipkit::serialize_to(s->out, s->view);
    g_sink = g_sink + s->out.size();
    return 0;
}

/// The bytes after the blank line that ends the header block (the corpus is CRLF-only).
std::string_view wire_body(const corpus_msg& m) {
    const std::size_t e = m.data.find("\r\n\r\n");
    return e == std::string::npos ? std::string_view() : std::string_view(m.data).substr(e + 4);
}

/// The pre-timing check of one message; returns why it fails, or an empty string.
std::string check(const corpus_msg& m, serialize_state* ser, bool typed) {
    const std::size_t before = sipkit_test::allocations();
    const auto r = sipkit::parse_message(std::string_view(m.data));
    const std::size_t allocated = sipkit_test::allocations() - before;
    if (!r) {
        return std::string("parse_message rejected the message: ") + r.error().name() +
               " at byte " + std::to_string(r.error().offset);
    }
    if (allocated != 0)
        return "parse_message allocated " + std::to_string(allocated) + " time(s) on the heap";
    const std::string_view body = r->body();
    const std::string_view want = wire_body(m);
    if (body.size() != want.size() || body.data() != want.data()) {
        return "body is " + std::to_string(body.size()) + " bytes at offset " +
               std::to_string(body.data() - m.data.data()) + ", expected " +
               std::to_string(want.size()) + " at " + std::to_string(want.data() - m.data.data());
    }
    if (!r->content_length())
        return "no Content-Length found";
    if (*r->content_length() != body.size()) {
        return "Content-Length " + std::to_string(*r->content_length()) + " but the body is " +
               std::to_string(body.size()) + " bytes";
    }
    if (r->header_count() == 0)
        return "no header fields found";
    if (typed) {
        const std::size_t again = sipkit_test::allocations();
        if (op_typed(&m, nullptr) != 0)
            return "a typed field is missing or does not parse (top Via branch, From tag, To, "
                   "CSeq, Call-ID, first Contact, Max-Forwards)";
        if (sipkit_test::allocations() != again)
            return "typed access allocated";
    }
    if (ser != nullptr) {
        ser->view = *r;
        op_serialize(&m, ser);
        const auto back = sipkit::parse_message(ser->out);
        if (!back) {
            return std::string("serialize_to wrote a message that does not parse: ") +
                   back.error().name() + " at byte " + std::to_string(back.error().offset);
        }
        if (!sipkit::same_message(*r, *back))
            return "serialize_to wrote a message that parses to a different one";
        // The timed loop reuses the string: from here on it must not allocate.
        const std::size_t again = sipkit_test::allocations();
        op_serialize(&m, ser);
        if (sipkit_test::allocations() != again)
            return "serialize_to allocated although the output string had the capacity";
    }
    return {};
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string> paths;
    const options o = parse_args(argc, argv, paths);
    const bool serialize = o.mode == options::mode::serialize;
    const bool typed = o.mode == options::mode::typed;
    const char* const impl = serialize ? "sipkit-serialize" : typed ? "sipkit-typed" : "sipkit";

    const std::vector<corpus_msg> msgs = load_corpus(paths);
    std::vector<corpus_msg> ok;
    std::vector<serialize_state> ser_states(serialize ? msgs.size() : 0);
    std::vector<void*> states;
    int failures = 0;
    for (std::size_t i = 0; i < msgs.size(); ++i) {
        serialize_state* s = serialize ? &ser_states[i] : nullptr;
        if (const std::string why = check(msgs[i], s, typed); !why.empty()) {
            std::fprintf(stderr, "sipkit: FAIL %s: %s\n", msgs[i].name.c_str(), why.c_str());
            ++failures;
            continue;
        }
        ok.push_back(msgs[i]);
        states.push_back(s);
    }
    if (o.header)
        std::printf("impl\tmessage\tbytes\tns_per_msg\tMB_per_s\n");
    const auto op = serialize ? op_serialize : typed ? op_typed : op_parse;
    failures += bench_corpus(impl, ok, states, op, o, failures == 0);
    return failures != 0 ? 1 : 0;
}
