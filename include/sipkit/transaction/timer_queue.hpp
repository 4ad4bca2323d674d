// The transaction layer's own timers, for programs with a poll loop (DESIGN.md: next_deadline()
// + on_timer(now)): one entry per transaction, its earliest armed timer, in an indexed 4-ary
// heap, so that a cancelled or re-armed timer leaves nothing behind.
#pragma once

#include <sipkit/transaction/timer_config.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace sipkit {

/// A handle to a transaction inside one transaction_layer: its slot and the slot's generation,
/// so a handle to a terminated transaction never reaches a newer one in the same slot.
struct transaction_handle {
    static constexpr std::uint32_t no_slot = 0xffffffffu;
    std::uint32_t slot = no_slot;
    std::uint32_t generation = 0;

    constexpr bool valid() const noexcept { return slot != no_slot; }
    friend constexpr bool operator==(transaction_handle, transaction_handle) noexcept = default;
};

/// What the layer arms through a user's timer service: this timer of this transaction.
struct timer_id {
    transaction_handle transaction;
    transaction_timer timer{};
    friend constexpr bool operator==(const timer_id&, const timer_id&) noexcept = default;
};

/// Give it to transaction_layer as its Timers to drive the timers from a poll loop with the
/// layer's next_deadline() and on_timer(now). The layer keeps in it, for each transaction with
/// an armed timer, the earliest deadline: an indexed 4-ary min-heap (set, remove and update are
/// O(log n); memory is one entry per such transaction).
class timer_queue {
public:
    /// Sets the deadline of `slot`, or removes it (nullopt).
    void set(std::uint32_t slot, std::optional<clock::time_point> deadline) {
        if (slot >= position_.size()) {
            if (!deadline) {
                return;
            }
            position_.resize(slot + 1, absent);
        }
        const std::uint32_t at = position_[slot];
        if (!deadline) {
            if (at != absent) {
                erase_at(at);
            }
            return;
        }
        if (at == absent) {
            heap_.push_back({*deadline, slot});
            position_[slot] = static_cast<std::uint32_t>(heap_.size() - 1);
            sift_up(heap_.size() - 1);
            return;
        }
        const clock::time_point old = heap_[at].deadline;
        if (*deadline == old) {
            return;
        }
        heap_[at].deadline = *deadline;
        if (*deadline < old) {
            sift_up(at);
        } else {
            sift_down(at);
        }
    }

    bool empty() const noexcept { return heap_.empty(); }
    std::size_t size() const noexcept { return heap_.size(); }
    /// The slot with the earliest deadline, and that deadline. Precondition: !empty().
    std::uint32_t top_slot() const noexcept { return heap_.front().slot; }
    clock::time_point top_deadline() const noexcept { return heap_.front().deadline; }

private:
    static constexpr std::uint32_t absent = 0xffffffffu;
    struct entry {
        clock::time_point deadline;
        std::uint32_t slot;
    };

    void place(std::size_t i, entry e) noexcept {
        heap_[i] = e;
        position_[e.slot] = static_cast<std::uint32_t>(i);
    }
    // A 4-ary heap: half the levels of a binary one, and a node's children are adjacent.
    static constexpr std::size_t arity = 4;

    void sift_up(std::size_t i) noexcept {
        const entry e = heap_[i];
        while (i > 0) {
            const std::size_t parent = (i - 1) / arity;
            if (!(e.deadline < heap_[parent].deadline)) {
                break;
            }
            place(i, heap_[parent]);
            i = parent;
        }
        place(i, e);
    }
    void sift_down(std::size_t i) noexcept {
        const entry e = heap_[i];
        const std::size_t n = heap_.size();
        for (;;) {
            const std::size_t first = arity * i + 1;
            if (first >= n) {
                break;
            }
            // The earliest child: a tournament of three comparisons when all four are there.
            std::size_t child = first;
            if (first + arity <= n) {
                const std::size_t a =
                    heap_[first + 1].deadline < heap_[first].deadline ? first + 1 : first;
                const std::size_t b =
                    heap_[first + 3].deadline < heap_[first + 2].deadline ? first + 3 : first + 2;
                child = heap_[b].deadline < heap_[a].deadline ? b : a;
            } else {
                for (std::size_t c = first + 1; c < n; ++c) {
                    if (heap_[c].deadline < heap_[child].deadline) {
                        child = c;
                    }
                }
            }
            if (!(heap_[child].deadline < e.deadline)) {
                break;
            }
            place(i, heap_[child]);
            i = child;
        }
        place(i, e);
    }
    void erase_at(std::size_t i) noexcept {
        position_[heap_[i].slot] = absent;
        const entry last = heap_.back();
        heap_.pop_back();
        if (i < heap_.size()) {
            place(i, last);
            sift_up(i);
            sift_down(position_[last.slot]);
        }
    }

    std::vector<entry> heap_;
    std::vector<std::uint32_t> position_; // by slot: the index in heap_, or absent
};

} // namespace sipkit
