// Constants of the native trace format (.wtr). docs/traces.md, "Native format", describes the
// layout byte by byte; this header is its single source of numbers.
#pragma once

#include <cstdint>

namespace warpsim::traces::native {

// "\x89WTR\r\n\x1a\n": the high byte catches 7-bit transfers, CR LF and ^Z catch text-mode
// mangling (PNG's trick).
constexpr uint8_t kMagic[8] = {0x89, 'W', 'T', 'R', '\r', '\n', 0x1A, '\n'};
constexpr uint8_t kEndMagic[4] = {'W', 'T', 'R', 'E'};
// Version 2 adds each kernel's CUDA stream to the footer; version 1 files are still read (their
// kernels are on the default stream).
constexpr uint16_t kVersion = 2;
constexpr uint16_t kOldestVersion = 1;
constexpr uint16_t kKnownFlags = 0;  // no header flags are defined
constexpr unsigned kHeaderBytes = 16;
constexpr unsigned kTrailerBytes = 24;

// How a chunk's bytes are stored.
enum class Codec : uint8_t { none = 0, zstd = 1, lzma = 2 };
const char* codec_name(Codec c);

// Record tag (the first byte of every instruction record).
constexpr uint8_t kTagNext = 0x01;  // entry = previous entry + 1 (else a varint follows)
// Bits 1-2, the issued mask: as the previous record's, all lanes, no lane, or a u32 follows.
constexpr unsigned kTagMaskShift = 1;
// Bits 3-4, the mask peek() showed: as issued, as the previous record's issued mask (a guard
// narrowed the SIMT mask), all lanes, or a u32 follows.
constexpr unsigned kTagPeekShift = 3;
enum MaskCode : uint8_t { kMaskPrevious = 0, kMaskAll = 1, kMaskNone = 2, kMaskExplicit = 3 };
enum PeekCode : uint8_t { kPeekIssued = 0, kPeekPrevious = 1, kPeekAll = 2, kPeekExplicit = 3 };
constexpr uint8_t kTagAddr = 0x20;    // addresses of the active lanes follow
constexpr uint8_t kTagStride = 0x40;  // ... as the first address and one stride between lanes
constexpr uint8_t kTagExt = 0x80;     // an extension byte follows the tag
// Extension bits (rare records).
// The warp's last record, never issued: what peek() showed when a stopped run ended (the
// entry and, as the issued mask, the peek mask; peek code 0, no addresses). Replay peeks it
// and cannot issue it.
constexpr uint8_t kExtPending = 0x01;
// peek() showed other static members than issue() returned (operands known only at issue):
// a varint entry follows, what peek() showed.
constexpr uint8_t kExtPeekEntry = 0x02;
constexpr uint8_t kExtKnown = 0x03;

// CTA directory and warp flags.
constexpr uint8_t kCtaIncomplete = 0x01;  // closed before every warp had exited
constexpr uint8_t kWarpExited = 0x01;     // the warp's stream ended (peek gave nullptr)

// Limits a reader enforces before allocating (a corrupt size must not exhaust memory).
constexpr uint64_t kMaxChunkRawBytes = 64ull << 20;
constexpr uint64_t kMaxNameBytes = 1ull << 16;
constexpr uint64_t kMaxTableEntries = 1ull << 24;

}  // namespace warpsim::traces::native
