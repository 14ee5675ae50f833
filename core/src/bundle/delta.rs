//! Delta updates: a patch turns one exact bundle file into the next one.
//!
//! A patch names its **base** (the SHA-512 of the exact bytes it applies to,
//! first 32 bytes, and their length) and its **result** (hash, length, bundle
//! format version, sequence). Its body rebuilds the result file piece by
//! piece, in file order:
//!
//! - `Copy`: a byte range of the base (an unchanged section);
//! - `Literal`: bytes carried in the patch (the header, a changed small
//!   section, the checksum, the signature trailer);
//! - `Fst`: the number lists, as a *structural* delta of the base's fst:
//!   the ordinals of removed keys, the added keys (front-coded, digits as
//!   nibbles) with their values, and a remap of entry indexes. The applier
//!   streams the base fst, merges the changes and feeds `fst`'s builder,
//!   which writes the same bytes for the same sorted input, straight into the
//!   result buffer: no tree of the whole list, one buffer the size of the
//!   result.
//!
//! The result must hash to what the patch names, so it is byte-identical to
//! the bundle the server diffed, and a signature made over that bundle
//! verifies. `burao diff` applies every patch it writes before writing it.
//!
//! ```text
//! offset  size  content
//! 0       8     magic  "BURAOPCH"
//! 8       4     patch format version, u32 little-endian
//! 12      n     body (bincode): base, result, segments
//! end-4   4     CRC-32 of every byte before it
//! ```
//!
//! # Example
//! ```
//! use burao_core::bundle::delta::{self, Patch};
//! use burao_core::bundle::{BundleWriter, Metadata};
//! use burao_core::lists::{ListAction, ListBuilder};
//! use burao_core::number::Region;
//!
//! let bundle = |csv: &str, sequence| {
//!     let mut b = ListBuilder::new(Region::cn());
//!     b.add_csv("l.csv", &format!("pattern,category,action,label\n{csv}"), ListAction::Block).unwrap();
//!     let mut m = Metadata::new("t", "1", "CN");
//!     m.sequence = sequence;
//!     BundleWriter::new(m).lists(&b.build().unwrap()).to_bytes()
//! };
//! let day1 = bundle("13800138000\n13800138001\n", 1);
//! let day2 = bundle("13800138001\n13800138002\n", 2);
//! let patch = delta::diff(&day1, &day2).unwrap().to_bytes();
//! assert_eq!(delta::apply(&day1, &patch).unwrap(), day2);
//! assert_eq!(Patch::from_bytes(&patch).unwrap().result_sequence(), 2);
//! assert!(delta::apply(&day2, &patch).is_err(), "another base");
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io;

use bincode::{Decode, Encode};
use fst::raw::Fst;
use fst::Streamer;
use sha2::{Digest, Sha512};

use super::{Bundle, BundleError, MAX_BUNDLE_BYTES, SECTION_LIST_FST};
use crate::codec;

/// The first eight bytes of every patch.
pub const PATCH_MAGIC: &[u8; 8] = b"BURAOPCH";
/// The patch format version this build reads and writes.
pub const PATCH_FORMAT_VERSION: u32 = 1;
/// Patches larger than this are refused before any parsing: past it, ship the
/// full bundle.
pub const MAX_PATCH_BYTES: usize = 32 << 20;
/// An added key longer than this is refused (list keys are a few digits).
const MAX_KEY_BYTES: usize = 256;

/// The identity of an exact bundle file: the first 32 bytes of its SHA-512
/// (`sha512sum FILE | cut -c1-64` prints the same, in hex).
pub fn bundle_hash(bytes: &[u8]) -> [u8; 32] {
    let full = Sha512::digest(bytes);
    let mut out = [0u8; 32];
    out.copy_from_slice(&full[..32]);
    out
}

/// Why a patch was refused. The bundle in force is untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PatchError {
    /// Shorter than the fixed header and checksum.
    TooSmall {
        /// Bytes given.
        len: usize,
    },
    /// Larger than [`MAX_PATCH_BYTES`].
    TooLarge {
        /// Bytes given.
        len: usize,
    },
    /// Not a Burao patch at all.
    BadMagic,
    /// Written by another patch format version.
    Version {
        /// What this build reads.
        expected: u32,
        /// What the file says.
        got: u32,
    },
    /// The patch bytes were changed or cut after writing.
    Checksum {
        /// The checksum stored in the file.
        expected: u32,
        /// The checksum of the bytes.
        got: u32,
    },
    /// The body does not decode.
    Invalid {
        /// What is wrong.
        reason: String,
    },
    /// The patch was made for another bundle than the one it is applied to
    /// (a skipped or repeated patch): fetch the full bundle, or the patch
    /// from the bundle in force.
    WrongBase {
        /// The base the patch names (hash prefix, hex).
        expected: String,
        /// The bundle it was applied to (hash prefix, hex).
        got: String,
    },
    /// The patch builds a bundle format version this build does not read.
    ResultVersion {
        /// What this build reads.
        expected: u32,
        /// What the patch would build.
        got: u32,
    },
    /// The result would exceed the bundle size limit or the length the patch names.
    ResultTooLarge {
        /// Bytes the patch claims or reached.
        len: u64,
    },
    /// The changes do not fit the base (a damaged or forged patch).
    Corrupt {
        /// What does not fit.
        reason: &'static str,
    },
    /// The rebuilt bytes are not the result the patch names.
    ResultMismatch {
        /// The result hash the patch names (prefix, hex).
        expected: String,
        /// The hash of what was built (prefix, hex).
        got: String,
    },
    /// Another update replaced the bundle while this patch was being applied.
    BaseChanged,
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatchError::TooSmall { len } => write!(f, "patch is {len} bytes, too small to be a patch"),
            PatchError::TooLarge { len } => write!(
                f,
                "patch is {len} bytes, over the {MAX_PATCH_BYTES}-byte limit: ship the full bundle"
            ),
            PatchError::BadMagic => f.write_str("not a Burao patch (wrong magic bytes)"),
            PatchError::Version { expected, got } => write!(
                f,
                "patch format version {got}, this library reads version {expected}: fetch the full bundle"
            ),
            PatchError::Checksum { expected, got } => write!(
                f,
                "patch checksum mismatch (stored {expected:08x}, computed {got:08x}): the file is corrupt or truncated"
            ),
            PatchError::Invalid { reason } => write!(f, "patch body is invalid: {reason}"),
            PatchError::WrongBase { expected, got } => write!(
                f,
                "patch is for base bundle {expected}…, the bundle in force is {got}…: apply the patches in order or fetch the full bundle"
            ),
            PatchError::ResultVersion { expected, got } => write!(
                f,
                "patch builds bundle format version {got}, this library reads version {expected}: fetch a matching bundle"
            ),
            PatchError::ResultTooLarge { len } => write!(
                f,
                "patch result reaches {len} bytes, over its stated length or the {MAX_BUNDLE_BYTES}-byte bundle limit"
            ),
            PatchError::Corrupt { reason } => write!(f, "patch does not fit its base: {reason}"),
            PatchError::ResultMismatch { expected, got } => write!(
                f,
                "patched bundle hashes to {got}…, the patch promised {expected}…: the patch is damaged"
            ),
            PatchError::BaseChanged => f.write_str(
                "the bundle in force changed while the patch was applied: check the new bundle and retry",
            ),
        }
    }
}

impl std::error::Error for PatchError {}

impl From<PatchError> for BundleError {
    fn from(e: PatchError) -> BundleError {
        BundleError::Patch(e)
    }
}

fn short_hex(hash: &[u8; 32]) -> String {
    super::signature::to_hex(&hash[..8])
}

#[derive(Clone, PartialEq, Eq, Encode, Decode)]
struct Body {
    base_hash: [u8; 32],
    base_len: u64,
    result_hash: [u8; 32],
    result_len: u64,
    result_format_version: u32,
    result_sequence: u64,
    segments: Vec<Segment>,
}

#[derive(Clone, PartialEq, Eq, Encode, Decode)]
enum Segment {
    /// Bytes `offset..offset + len` of the base.
    Copy { offset: u64, len: u64 },
    /// Bytes carried in the patch.
    Literal(Vec<u8>),
    /// An fst rebuilt from the one at `offset..offset + len` of the base.
    Fst(FstDelta),
}

#[derive(Clone, PartialEq, Eq, Encode, Decode)]
struct FstDelta {
    offset: u64,
    len: u64,
    /// Keys in the base fst (a cheap sanity check before the walk).
    base_keys: u64,
    /// Length of the rebuilt fst.
    result_len: u64,
    /// `(old value, new value)` for kept keys whose value index moved, by old value.
    remap: Vec<(u64, u64)>,
    removed_count: u64,
    /// Ordinals of removed base keys: LEB128 gaps.
    removed: Vec<u8>,
    added_count: u64,
    /// Added keys in order: LEB128 shared-prefix length, nibbles, LEB128 value.
    added: Vec<u8>,
}

/// A decoded, checksum-verified patch. `Debug` shows sizes only: the added
/// keys are phone numbers.
#[derive(Clone, PartialEq, Eq)]
pub struct Patch {
    body: Body,
}

/// What a patch carries, for people (`burao diff` prints it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PatchSummary {
    /// Bytes copied from the base.
    pub copied_bytes: u64,
    /// Bytes carried literally.
    pub literal_bytes: u64,
    /// List keys removed (a changed value counts once here and once in `keys_added`).
    pub keys_removed: u64,
    /// List keys added.
    pub keys_added: u64,
    /// Entry indexes remapped for kept keys.
    pub values_remapped: u64,
}

impl fmt::Debug for Patch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Patch")
            .field("base", &short_hex(&self.body.base_hash))
            .field("result", &short_hex(&self.body.result_hash))
            .field("result_sequence", &self.body.result_sequence)
            .field("summary", &self.summary())
            .finish()
    }
}

impl Patch {
    /// Reads and verifies patch bytes: size limits, magic, version, checksum, body.
    pub fn from_bytes(bytes: &[u8]) -> Result<Patch, PatchError> {
        if bytes.len() > MAX_PATCH_BYTES {
            return Err(PatchError::TooLarge { len: bytes.len() });
        }
        if bytes.len() < 16 {
            return Err(PatchError::TooSmall { len: bytes.len() });
        }
        if &bytes[..8] != PATCH_MAGIC {
            return Err(PatchError::BadMagic);
        }
        let version = codec::version(bytes);
        if version != PATCH_FORMAT_VERSION {
            return Err(PatchError::Version {
                expected: PATCH_FORMAT_VERSION,
                got: version,
            });
        }
        let content = codec::verified(bytes).map_err(|m| PatchError::Checksum {
            expected: m.stored,
            got: m.computed,
        })?;
        let body: Body = codec::decode(&content[codec::HEADER..])
            .map_err(|reason| PatchError::Invalid { reason })?;
        let patch = Patch { body };
        patch.check_shape()?;
        Ok(patch)
    }

    /// Checks that need no base: lengths within limits, remap in order.
    fn check_shape(&self) -> Result<(), PatchError> {
        let b = &self.body;
        if b.result_len > MAX_BUNDLE_BYTES as u64 || b.base_len > MAX_BUNDLE_BYTES as u64 {
            return Err(PatchError::ResultTooLarge {
                len: b.result_len.max(b.base_len),
            });
        }
        for s in &b.segments {
            if let Segment::Fst(d) = s {
                if !d.remap.windows(2).all(|w| w[0].0 < w[1].0) {
                    return Err(PatchError::Invalid {
                        reason: "the value remap is not in order".into(),
                    });
                }
            }
        }
        Ok(())
    }

    /// The patch file: magic, version, body, checksum.
    pub fn to_bytes(&self) -> Vec<u8> {
        codec::seal(
            PATCH_MAGIC,
            PATCH_FORMAT_VERSION,
            &codec::encode(&self.body),
        )
    }

    /// The hash ([`bundle_hash`]) of the exact bundle file this patch applies to.
    pub fn base_hash(&self) -> [u8; 32] {
        self.body.base_hash
    }

    /// The hash of the bundle file this patch builds.
    pub fn result_hash(&self) -> [u8; 32] {
        self.body.result_hash
    }

    /// The length of the bundle file this patch builds.
    pub fn result_len(&self) -> u64 {
        self.body.result_len
    }

    /// The bundle format version of the result.
    pub fn result_format_version(&self) -> u32 {
        self.body.result_format_version
    }

    /// The sequence number of the result (rollback protection).
    pub fn result_sequence(&self) -> u64 {
        self.body.result_sequence
    }

    /// What the patch carries.
    pub fn summary(&self) -> PatchSummary {
        let mut s = PatchSummary::default();
        for seg in &self.body.segments {
            match seg {
                Segment::Copy { len, .. } => s.copied_bytes += len,
                Segment::Literal(b) => s.literal_bytes += b.len() as u64,
                Segment::Fst(d) => {
                    s.keys_removed += d.removed_count;
                    s.keys_added += d.added_count;
                    s.values_remapped += d.remap.len() as u64;
                }
            }
        }
        s
    }

    /// True when `base` is the exact file this patch was made for.
    pub fn applies_to(&self, base: &[u8]) -> bool {
        base.len() as u64 == self.body.base_len && bundle_hash(base) == self.body.base_hash
    }

    /// Rebuilds the result from `base` and checks it is the file the patch
    /// names (length and hash). Does not parse the result as a bundle: the
    /// caller does (the screener through its usual install checks).
    pub fn apply(&self, base: &[u8]) -> Result<Vec<u8>, PatchError> {
        let b = &self.body;
        let got = bundle_hash(base);
        if base.len() as u64 != b.base_len || got != b.base_hash {
            return Err(PatchError::WrongBase {
                expected: short_hex(&b.base_hash),
                got: short_hex(&got),
            });
        }
        // The pieces must add up to the stated length, checked before any work.
        let (mut total, mut carried) = (0u64, 0u64);
        for seg in &b.segments {
            let (len, bytes) = match seg {
                Segment::Copy { len, .. } => (*len, 0),
                Segment::Literal(l) => (l.len() as u64, l.len() as u64),
                Segment::Fst(d) => (
                    d.result_len,
                    (d.added.len() + d.removed.len() + 16 * d.remap.len()) as u64,
                ),
            };
            total = total.saturating_add(len);
            carried = carried.saturating_add(bytes);
        }
        if total != b.result_len {
            return Err(PatchError::Corrupt {
                reason: "the pieces of the result do not add up to its stated length",
            });
        }
        let limit = b.result_len as usize;
        // One buffer of the exact size for a real patch (no doubling while it
        // grows). A forged length cannot make it reserve much more than the
        // base and what the patch carries: past that the buffer grows only as
        // bytes are actually built, and never past `limit`.
        let reserve = (base.len() as u64)
            .saturating_add(carried.saturating_mul(4))
            .saturating_add(64 << 10)
            .min(b.result_len);
        let mut out = Vec::with_capacity(reserve as usize);
        for seg in &b.segments {
            match seg {
                Segment::Copy { offset, len } => {
                    let src = range(base, *offset, *len).ok_or(PatchError::Corrupt {
                        reason: "a copied range runs past the end of the base",
                    })?;
                    push(&mut out, src, limit)?;
                }
                Segment::Literal(bytes) => push(&mut out, bytes, limit)?,
                Segment::Fst(d) => {
                    let src = range(base, d.offset, d.len).ok_or(PatchError::Corrupt {
                        reason: "the list range runs past the end of the base",
                    })?;
                    let start = out.len();
                    let budget = limit.min(start.saturating_add(d.result_len as usize));
                    rebuild_fst(src, d, &mut out, budget)?;
                    if (out.len() - start) as u64 != d.result_len {
                        return Err(PatchError::Corrupt {
                            reason: "the rebuilt list has another length than the patch states",
                        });
                    }
                }
            }
        }
        let hash = bundle_hash(&out);
        if out.len() != limit || hash != b.result_hash {
            return Err(PatchError::ResultMismatch {
                expected: short_hex(&b.result_hash),
                got: short_hex(&hash),
            });
        }
        Ok(out)
    }
}

/// Decodes `patch` and applies it to `base`: the result bytes, verified
/// against the hash the patch names (not yet parsed as a bundle).
pub fn apply(base: &[u8], patch: &[u8]) -> Result<Vec<u8>, PatchError> {
    Patch::from_bytes(patch)?.apply(base)
}

fn range(base: &[u8], offset: u64, len: u64) -> Option<&[u8]> {
    let start = usize::try_from(offset).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    base.get(start..end)
}

fn push(out: &mut Vec<u8>, bytes: &[u8], limit: usize) -> Result<(), PatchError> {
    let reached = out.len() as u64 + bytes.len() as u64;
    if reached > limit as u64 {
        return Err(PatchError::ResultTooLarge { len: reached });
    }
    out.extend_from_slice(bytes);
    Ok(())
}

/// A writer into the result buffer that refuses to grow past `limit`.
struct Bounded<'a> {
    out: &'a mut Vec<u8>,
    limit: usize,
}

impl io::Write for Bounded<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.out.len() + buf.len() > self.limit {
            return Err(io::Error::other("over the stated length"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// ---- the compact encodings inside an fst delta ----

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads bytes of an fst delta's blobs; every read is bounds-checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    /// A low nibble left over in the current byte (after a key ended on a high one).
    half: Option<u8>,
}

const CUT: PatchError = PatchError::Corrupt {
    reason: "a change list ends in the middle of an entry",
};

impl<'a> Reader<'a> {
    fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader {
            bytes,
            at: 0,
            half: None,
        }
    }

    fn done(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn byte(&mut self) -> Result<u8, PatchError> {
        let b = *self.bytes.get(self.at).ok_or(CUT)?;
        self.at += 1;
        Ok(b)
    }

    /// LEB128, canonical (no overlong forms), at most 64 bits.
    fn varint(&mut self) -> Result<u64, PatchError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let part = u64::from(b & 0x7f);
            if shift == 63 && part > 1 {
                break;
            }
            v |= part << shift;
            if b & 0x80 == 0 {
                if b == 0 && shift > 0 {
                    break;
                }
                return Ok(v);
            }
        }
        Err(PatchError::Corrupt {
            reason: "a number in a change list is malformed",
        })
    }

    fn nibble(&mut self) -> Result<u8, PatchError> {
        if let Some(n) = self.half.take() {
            return Ok(n);
        }
        let b = self.byte()?;
        self.half = Some(b & 0x0f);
        Ok(b >> 4)
    }
}

const NIB_STAR: u8 = 10;
const NIB_DOLLAR: u8 = 11;
const NIB_ESCAPE: u8 = 15;
const NIB_END: u8 = 14;

/// Packs key bytes into nibbles: digits and the two list marks take one,
/// any other byte three; [`NIB_END`] closes the key, a zero pads the byte.
fn put_key_nibbles(out: &mut Vec<u8>, key: &[u8]) {
    let mut nibbles = Vec::with_capacity(key.len() + 2);
    for &b in key {
        match b {
            b'0'..=b'9' => nibbles.push(b - b'0'),
            b'*' => nibbles.push(NIB_STAR),
            b'$' => nibbles.push(NIB_DOLLAR),
            _ => nibbles.extend_from_slice(&[NIB_ESCAPE, b >> 4, b & 0x0f]),
        }
    }
    nibbles.push(NIB_END);
    if nibbles.len() % 2 == 1 {
        nibbles.push(0);
    }
    out.extend(nibbles.chunks(2).map(|p| (p[0] << 4) | p[1]));
}

fn read_key_tail(r: &mut Reader<'_>, key: &mut Vec<u8>) -> Result<(), PatchError> {
    loop {
        if key.len() > MAX_KEY_BYTES {
            return Err(PatchError::Corrupt {
                reason: "an added key is longer than any list key",
            });
        }
        match r.nibble()? {
            n @ 0..=9 => key.push(b'0' + n),
            NIB_STAR => key.push(b'*'),
            NIB_DOLLAR => key.push(b'$'),
            NIB_ESCAPE => {
                let hi = r.nibble()?;
                let lo = r.nibble()?;
                key.push((hi << 4) | lo);
            }
            NIB_END => {
                // The padding nibble must be zero: one encoding per key.
                return match r.half.take() {
                    None | Some(0) => Ok(()),
                    Some(_) => Err(PatchError::Corrupt {
                        reason: "an added key has stray bits after its end",
                    }),
                };
            }
            _ => {
                return Err(PatchError::Corrupt {
                    reason: "an added key holds an unknown symbol",
                })
            }
        }
    }
}

/// The added keys of a delta, decoded one at a time (never all in memory).
struct Added<'a> {
    r: Reader<'a>,
    left: u64,
    key: Vec<u8>,
    value: u64,
    has: bool,
}

impl<'a> Added<'a> {
    fn new(bytes: &'a [u8], count: u64) -> Result<Added<'a>, PatchError> {
        let mut a = Added {
            r: Reader::new(bytes),
            left: count,
            key: Vec::new(),
            value: 0,
            has: false,
        };
        a.advance()?;
        Ok(a)
    }

    fn advance(&mut self) -> Result<(), PatchError> {
        if self.left == 0 {
            self.has = false;
            if !self.r.done() {
                return Err(PatchError::Corrupt {
                    reason: "the added keys run past their stated count",
                });
            }
            return Ok(());
        }
        self.left -= 1;
        let shared = self.r.varint()?;
        if shared > self.key.len() as u64 {
            return Err(PatchError::Corrupt {
                reason: "an added key shares more than the previous key has",
            });
        }
        self.key.truncate(shared as usize);
        read_key_tail(&mut self.r, &mut self.key)?;
        self.value = self.r.varint()?;
        self.has = true;
        Ok(())
    }
}

/// The removed ordinals of a delta, decoded one at a time.
struct Removed<'a> {
    r: Reader<'a>,
    left: u64,
    next: Option<u64>,
}

impl<'a> Removed<'a> {
    fn new(bytes: &'a [u8], count: u64) -> Result<Removed<'a>, PatchError> {
        let mut r = Removed {
            r: Reader::new(bytes),
            left: count,
            next: None,
        };
        r.advance(None)?;
        Ok(r)
    }

    fn advance(&mut self, prev: Option<u64>) -> Result<(), PatchError> {
        if self.left == 0 {
            self.next = None;
            if !self.r.done() {
                return Err(PatchError::Corrupt {
                    reason: "the removed keys run past their stated count",
                });
            }
            return Ok(());
        }
        self.left -= 1;
        let gap = self.r.varint()?;
        let base = prev.map_or(Some(0), |p| p.checked_add(1));
        self.next = Some(
            base.and_then(|b| b.checked_add(gap))
                .ok_or(PatchError::Corrupt {
                    reason: "a removed key's position overflows",
                })?,
        );
        Ok(())
    }
}

fn rebuild_fst(
    base_fst: &[u8],
    d: &FstDelta,
    out: &mut Vec<u8>,
    limit: usize,
) -> Result<(), PatchError> {
    let not_fst = PatchError::Corrupt {
        reason: "the base range the patch names is not a valid list",
    };
    let fst = Fst::new(base_fst).map_err(|_| not_fst.clone())?;
    fst.verify().map_err(|_| not_fst.clone())?;
    if fst.len() as u64 != d.base_keys {
        return Err(PatchError::Corrupt {
            reason: "the base list has another number of keys than the patch expects",
        });
    }
    // The base passed its hash and fst's checksum, so the walk is sound; the
    // guard keeps even a forged range from unwinding through the caller.
    let walk = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        merge(&fst, d, Bounded { out, limit })
    }));
    walk.unwrap_or(Err(not_fst))
}

fn merge(fst: &Fst<&[u8]>, d: &FstDelta, wtr: Bounded<'_>) -> Result<(), PatchError> {
    let build_err = |e: fst::Error| match e {
        fst::Error::Io(_) => PatchError::Corrupt {
            reason: "the rebuilt list outgrows the length the patch states",
        },
        _ => PatchError::Corrupt {
            reason: "the added keys are out of order or repeat a kept key",
        },
    };
    let remap = |v: u64| match d.remap.binary_search_by_key(&v, |p| p.0) {
        Ok(i) => d.remap[i].1,
        Err(_) => v,
    };
    let mut builder = fst::MapBuilder::new(wtr).map_err(build_err)?;
    let mut removed = Removed::new(&d.removed, d.removed_count)?;
    let mut added = Added::new(&d.added, d.added_count)?;
    let mut stream = fst.stream();
    let mut ordinal = 0u64;
    while let Some((key, out)) = stream.next() {
        let this = ordinal;
        ordinal += 1;
        if removed.next == Some(this) {
            removed.advance(Some(this))?;
            continue;
        }
        while added.has && added.key.as_slice() < key {
            builder.insert(&added.key, added.value).map_err(build_err)?;
            added.advance()?;
        }
        if added.has && added.key.as_slice() == key {
            return Err(PatchError::Corrupt {
                reason: "an added key is already in the list",
            });
        }
        builder.insert(key, remap(out.value())).map_err(build_err)?;
    }
    if removed.next.is_some() {
        return Err(PatchError::Corrupt {
            reason: "a removed key lies past the end of the base list",
        });
    }
    while added.has {
        builder.insert(&added.key, added.value).map_err(build_err)?;
        added.advance()?;
    }
    builder.finish().map_err(build_err)
}

// ---- making patches (the server side: `burao diff`) ----

/// Walks an fst in order, keeping the current key.
struct Walk<'f> {
    stream: fst::raw::Stream<'f>,
    key: Vec<u8>,
    value: u64,
    has: bool,
}

impl<'f> Walk<'f> {
    fn new(fst: &'f Fst<&[u8]>) -> Walk<'f> {
        let mut w = Walk {
            stream: fst.stream(),
            key: Vec::new(),
            value: 0,
            has: false,
        };
        w.advance();
        w
    }

    fn advance(&mut self) {
        match self.stream.next() {
            Some((k, o)) => {
                self.key.clear();
                self.key.extend_from_slice(k);
                self.value = o.value();
                self.has = true;
            }
            None => self.has = false,
        }
    }
}

enum Step {
    OnlyOld(u64),
    OnlyNew,
    Both(u64),
}

/// Calls `f` for every key of `old` ∪ `new` in order, with the old ordinal.
fn join(old: &Fst<&[u8]>, new: &Fst<&[u8]>, mut f: impl FnMut(Step, &[u8], u64, u64)) {
    let (mut a, mut b) = (Walk::new(old), Walk::new(new));
    let mut ordinal = 0u64;
    while a.has || b.has {
        let order = match (a.has, b.has) {
            (true, true) => a.key.cmp(&b.key),
            (true, false) => std::cmp::Ordering::Less,
            _ => std::cmp::Ordering::Greater,
        };
        match order {
            std::cmp::Ordering::Less => {
                f(Step::OnlyOld(ordinal), &a.key, a.value, 0);
                ordinal += 1;
                a.advance();
            }
            std::cmp::Ordering::Greater => {
                f(Step::OnlyNew, &b.key, 0, b.value);
                b.advance();
            }
            std::cmp::Ordering::Equal => {
                f(Step::Both(ordinal), &a.key, a.value, b.value);
                ordinal += 1;
                a.advance();
                b.advance();
            }
        }
    }
}

fn fst_delta(offset: usize, old: &[u8], new: &[u8]) -> Option<FstDelta> {
    let old_fst = Fst::new(old).ok()?;
    let new_fst = Fst::new(new).ok()?;
    // Pass 1: where did each entry index of kept keys move? The most common
    // move becomes the remap; keys that moved otherwise are re-added.
    let mut moves: HashMap<(u64, u64), u64> = HashMap::new();
    join(&old_fst, &new_fst, |step, _, o, n| {
        if let Step::Both(_) = step {
            *moves.entry((o, n)).or_default() += 1;
        }
    });
    let mut best: HashMap<u64, (u64, u64)> = HashMap::new();
    for (&(o, n), &count) in &moves {
        let slot = best.entry(o).or_insert((n, count));
        if count > slot.1 || (count == slot.1 && n < slot.0) {
            *slot = (n, count);
        }
    }
    let mut remap: Vec<(u64, u64)> = best
        .into_iter()
        .filter(|&(o, (n, _))| o != n)
        .map(|(o, (n, _))| (o, n))
        .collect();
    remap.sort_unstable();
    let mapped = |v: u64| match remap.binary_search_by_key(&v, |p| p.0) {
        Ok(i) => remap[i].1,
        Err(_) => v,
    };
    // Pass 2: the changes.
    let mut d = FstDelta {
        offset: offset as u64,
        len: old.len() as u64,
        base_keys: old_fst.len() as u64,
        result_len: new.len() as u64,
        remap: remap.clone(),
        removed_count: 0,
        removed: Vec::new(),
        added_count: 0,
        added: Vec::new(),
    };
    let mut last_removed: Option<u64> = None;
    let mut prev_added: Vec<u8> = Vec::new();
    join(&old_fst, &new_fst, |step, key, o, n| {
        let (remove, add) = match step {
            Step::OnlyOld(i) => (Some(i), false),
            Step::OnlyNew => (None, true),
            Step::Both(i) if mapped(o) != n => (Some(i), true),
            Step::Both(_) => (None, false),
        };
        if let Some(i) = remove {
            put_varint(&mut d.removed, last_removed.map_or(i, |p| i - p - 1));
            last_removed = Some(i);
            d.removed_count += 1;
        }
        if add {
            let shared = prev_added
                .iter()
                .zip(key)
                .take_while(|(x, y)| x == y)
                .count();
            put_varint(&mut d.added, shared as u64);
            put_key_nibbles(&mut d.added, &key[shared..]);
            put_varint(&mut d.added, n);
            prev_added.clear();
            prev_added.extend_from_slice(key);
            d.added_count += 1;
        }
    });
    Some(d)
}

/// Where each section of a loaded bundle lies in its file.
fn section_spans(bundle: &Bundle) -> Vec<(String, usize, usize)> {
    let file = bundle.bytes().as_ptr() as usize;
    let mut spans: Vec<(String, usize, usize)> = bundle
        .info()
        .sections
        .into_iter()
        .filter_map(|(name, _)| {
            let s = bundle.section(&name)?;
            let start = s.as_ptr() as usize - file;
            Some((name, start, start + s.len()))
        })
        .collect();
    spans.sort_by_key(|s| s.1);
    spans
}

/// Makes the patch that turns bundle file `old` into bundle file `new`
/// (signature trailers included: a signed `new` comes out signed). Both must
/// load as bundles. The patch is applied to `old` before it is returned,
/// and must rebuild `new` exactly.
pub fn diff(old: &[u8], new: &[u8]) -> Result<Patch, BundleError> {
    let old_b = Bundle::from_vec(old.to_vec())?;
    let new_b = Bundle::from_vec(new.to_vec())?;
    let old_spans = section_spans(&old_b);
    let mut segments: Vec<Segment> = Vec::new();
    let literal = |segments: &mut Vec<Segment>, bytes: &[u8]| {
        if bytes.is_empty() {
            return;
        }
        if let Some(Segment::Literal(l)) = segments.last_mut() {
            l.extend_from_slice(bytes);
        } else {
            segments.push(Segment::Literal(bytes.to_vec()));
        }
    };
    let mut at = 0usize;
    for (name, start, end) in section_spans(&new_b) {
        literal(&mut segments, &new[at..start]);
        at = end;
        let bytes = &new[start..end];
        if bytes.is_empty() {
            continue;
        }
        let same_name = old_spans.iter().find(|s| s.0 == name);
        let identical = same_name
            .into_iter()
            .chain(old_spans.iter())
            .find(|s| &old[s.1..s.2] == bytes);
        if let Some((_, o_start, o_end)) = identical {
            segments.push(Segment::Copy {
                offset: *o_start as u64,
                len: (o_end - o_start) as u64,
            });
            continue;
        }
        if name == SECTION_LIST_FST {
            if let Some((_, o_start, o_end)) = same_name {
                if let Some(d) = fst_delta(*o_start, &old[*o_start..*o_end], bytes) {
                    // Used only when it rebuilds these exact bytes (an fst
                    // written by another builder would not) and is smaller.
                    let mut check = Vec::with_capacity(bytes.len());
                    let fits = rebuild_fst(&old[*o_start..*o_end], &d, &mut check, bytes.len())
                        .is_ok()
                        && check == bytes;
                    if fits && d.added.len() + d.removed.len() < bytes.len() {
                        segments.push(Segment::Fst(d));
                        continue;
                    }
                }
            }
        }
        literal(&mut segments, bytes);
    }
    literal(&mut segments, &new[at..]);
    let patch = Patch {
        body: Body {
            base_hash: bundle_hash(old),
            base_len: old.len() as u64,
            result_hash: bundle_hash(new),
            result_len: new.len() as u64,
            result_format_version: super::FORMAT_VERSION,
            result_sequence: new_b.metadata().sequence,
            segments,
        },
    };
    let bytes = patch.to_bytes();
    if bytes.len() > MAX_PATCH_BYTES {
        return Err(PatchError::TooLarge { len: bytes.len() }.into());
    }
    let rebuilt = Patch::from_bytes(&bytes)?.apply(old)?;
    if rebuilt != new {
        // `apply` checks the hash, so this is unreachable short of a hash collision.
        return Err(PatchError::ResultMismatch {
            expected: short_hex(&bundle_hash(new)),
            got: short_hex(&bundle_hash(&rebuilt)),
        }
        .into());
    }
    Ok(patch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::testing::bundle;

    #[test]
    fn varints_round_trip_and_refuse_overlong_forms() {
        for v in [0u64, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            let mut b = Vec::new();
            put_varint(&mut b, v);
            let mut r = Reader::new(&b);
            assert_eq!(r.varint().unwrap(), v);
            assert!(r.done());
        }
        assert!(
            Reader::new(&[0x80, 0x00]).varint().is_err(),
            "overlong zero"
        );
        assert!(Reader::new(&[0xff; 11]).varint().is_err(), "too long");
        assert!(Reader::new(&[0x80]).varint().is_err(), "cut");
    }

    #[test]
    fn keys_round_trip_through_nibbles() {
        for key in [&b"8613800138000$"[..], b"86170*", b"", b"\x00\xffab", b"1"] {
            let mut b = Vec::new();
            put_key_nibbles(&mut b, key);
            let mut r = Reader::new(&b);
            let mut out = Vec::new();
            read_key_tail(&mut r, &mut out).unwrap();
            assert_eq!(out, key);
            assert!(r.done());
        }
        // 14 digits and a mark: 15 nibbles and the end, 8 bytes.
        let mut b = Vec::new();
        put_key_nibbles(&mut b, b"8613800138000$");
        assert_eq!(b.len(), 8);
        // A non-zero padding nibble is refused.
        let mut b = Vec::new();
        put_key_nibbles(&mut b, b"1");
        assert_eq!(b, [0x1e]);
        let mut r = Reader::new(&[0x1e]);
        read_key_tail(&mut r, &mut Vec::new()).unwrap();
        let mut b = Vec::new();
        put_key_nibbles(&mut b, b"12");
        assert_eq!(b, [0x12, 0xe0]);
        assert!(read_key_tail(&mut Reader::new(&[0x12, 0xe1]), &mut Vec::new()).is_err());
    }

    /// A patch whose every piece is literal: it builds `result` from `base`,
    /// claiming `sequence` (a forger's patch: the hash is right, the rest lies).
    fn literal_patch(base: &[u8], result: &[u8], sequence: u64) -> Vec<u8> {
        Patch {
            body: Body {
                base_hash: bundle_hash(base),
                base_len: base.len() as u64,
                result_hash: bundle_hash(result),
                result_len: result.len() as u64,
                result_format_version: super::super::FORMAT_VERSION,
                result_sequence: sequence,
                segments: vec![Segment::Literal(result.to_vec())],
            },
        }
        .to_bytes()
    }

    #[test]
    fn a_result_that_does_not_verify_is_refused_by_the_screener() {
        let base = bundle(5);
        let s = crate::Screener::from_bytes(base.clone()).unwrap();
        // The exact file the patch names, but no bundle: its checksum fails.
        let mut broken = bundle(6);
        let mid = broken.len() / 2;
        broken[mid] ^= 0x40;
        let p = literal_patch(&base, &broken, 6);
        assert_eq!(
            apply(&base, &p).unwrap(),
            broken,
            "the patch itself is sound"
        );
        let e = s.apply_update(&p).unwrap_err();
        assert!(
            matches!(e, crate::Error::Bundle(BundleError::Checksum { .. })),
            "{e:?}"
        );
        // A patch that claims a newer sequence than its result has: the
        // result's own sequence decides (rollback).
        let p = literal_patch(&base, &bundle(2), 99);
        assert_eq!(
            s.apply_update(&p).unwrap_err(),
            crate::Error::Bundle(BundleError::Rollback {
                in_force: 5,
                offered: 2
            })
        );
        // One that admits an older sequence is refused before any work.
        let p = literal_patch(&base, &bundle(9), 4);
        assert!(matches!(
            s.apply_update(&p).unwrap_err(),
            crate::Error::Bundle(BundleError::Rollback { offered: 4, .. })
        ));
        assert_eq!(s.bundle_bytes(), base, "the base keeps serving");
        // And the honest one goes in.
        s.apply_update(&literal_patch(&base, &bundle(9), 9))
            .unwrap();
        assert_eq!(s.bundle_info().metadata.sequence, 9);
    }

    #[test]
    fn errors_never_show_keys() {
        let p = Patch {
            body: Body {
                base_hash: [1; 32],
                base_len: 0,
                result_hash: [2; 32],
                result_len: 0,
                result_format_version: 1,
                result_sequence: 3,
                segments: vec![Segment::Literal(b"13800138000".to_vec())],
            },
        };
        let shown = format!("{p:?}");
        assert!(!shown.contains("13800138000"), "{shown}");
        assert!(shown.contains("result_sequence: 3"), "{shown}");
    }
}
