//! The bundle: one verified file carrying everything a screener needs.
//!
//! ```text
//! offset  size  content
//! 0       8     magic  "BURAOBDL"
//! 8       4     format version, u32 little-endian
//! 12      4     header length H, u32 little-endian
//! 16      H     header (bincode): metadata and the section table
//! …             sections, each at the offset the table gives (8-aligned)
//! end-4   4     CRC-32 of every byte before it
//! ```
//! A signed bundle appends a trailer after the CRC (see [`signature`]):
//! ```text
//! +0      64    Ed25519 signature of every byte from offset 0 to the CRC, inclusive
//! +64     8     magic  "BURAOSG1"
//! ```
//! Readers strip the trailer before the checks above, so an unsigned bundle
//! stays valid and signing does not change the checksummed content.
//! Sections are named; `lists.fst` holds raw fst bytes used in place (no copy),
//! `lists.entries` the entry table. Later sections (the SMS model, the
//! institution table) slot in by name; this module checks their place and the
//! checksum over them, and [`crate::engine::Content`] decodes them, so the
//! container does not depend on what the SMS path puts in it.
//!
//! # Example
//! ```
//! use burao_core::bundle::{Bundle, BundleWriter, Metadata};
//! use burao_core::lists::ListBuilder;
//! use burao_core::{lists::ListAction, number::Region};
//!
//! let mut lists = ListBuilder::new(Region::cn());
//! lists.add_csv("l.csv", "pattern,category,action,label\n1065*,other_promo,silence,SMS port\n", ListAction::Block).unwrap();
//! let bytes = BundleWriter::new(Metadata::new("demo", "1", "CN"))
//!     .lists(&lists.build().unwrap())
//!     .to_bytes();
//! let bundle = Bundle::from_vec(bytes).unwrap();
//! assert_eq!(bundle.metadata().name, "demo");
//! assert_eq!(bundle.lists().len(), 1);
//! ```

pub mod delta;
pub mod signature;

use std::fmt;
use std::sync::Arc;

use bincode::{Decode, Encode};

use crate::codec;
use crate::lists::{BuiltLists, ListAction, ListEntry, PrefixList};
use crate::verdict::Category;

/// The first eight bytes of every bundle.
pub const MAGIC: &[u8; 8] = b"BURAOBDL";
/// The newest format version this build reads and writes. Version 2 is
/// version 1 plus fixed-length list patterns (`+33162######`); a bundle is
/// written as version 1 unless its lists hold one, so older libraries keep
/// reading every bundle they could read, and refuse, with a clear error, the
/// ones whose patterns they would misread.
pub const FORMAT_VERSION: u32 = 2;
/// The oldest format version this build reads.
pub const OLDEST_FORMAT_VERSION: u32 = 1;
/// Bundles larger than this are refused before any parsing.
pub const MAX_BUNDLE_BYTES: usize = 256 << 20;
/// At most this many sections.
pub const MAX_SECTIONS: usize = 64;

/// Section holding raw `fst::Map` bytes of the number lists.
pub const SECTION_LIST_FST: &str = "lists.fst";
/// Section holding the entry table of the number lists.
pub const SECTION_LIST_ENTRIES: &str = "lists.entries";
/// Section holding the SMS classifier (optional: without it messages are
/// screened by their sender's list entry only; see [`crate::sms::model`]).
pub const SECTION_SMS_MODEL: &str = "sms.model";
/// Section holding the institution table (optional: who a message may claim
/// to be, with its official numbers and domains; see [`crate::sms::institutions`]).
pub const SECTION_INSTITUTIONS: &str = "institutions";

/// Who made a bundle, when, for which region.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct Metadata {
    /// A name for people ("burao-default").
    pub name: String,
    /// A free-form version string ("2026.11.28").
    pub version: String,
    /// Creation time, seconds since the Unix epoch.
    pub created_unix: u64,
    /// The region whose national forms the lists were written in.
    pub region: String,
    /// Monotonic sequence number, for rollback protection.
    pub sequence: u64,
}

impl Metadata {
    /// Metadata with creation time 0 and sequence 0.
    pub fn new(name: &str, version: &str, region: &str) -> Metadata {
        Metadata {
            name: name.into(),
            version: version.into(),
            created_unix: 0,
            region: region.into(),
            sequence: 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
struct SectionDesc {
    name: String,
    offset: u64,
    len: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
struct Header {
    metadata: Metadata,
    sections: Vec<SectionDesc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
struct EntryRecord {
    category: Option<String>,
    action: String,
    label: String,
}

/// Why a bundle was refused. Each variant says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BundleError {
    /// Shorter than the fixed header and trailer.
    TooSmall {
        /// Bytes given.
        len: usize,
    },
    /// Larger than [`MAX_BUNDLE_BYTES`].
    TooLarge {
        /// Bytes given.
        len: usize,
    },
    /// Not a bundle at all.
    BadMagic,
    /// Written by another format version.
    Version {
        /// What this build reads.
        expected: u32,
        /// What the file says.
        got: u32,
    },
    /// The bytes were changed or cut after writing.
    Checksum {
        /// The checksum stored in the file.
        expected: u32,
        /// The checksum of the bytes.
        got: u32,
    },
    /// The header or a section runs past the end of the file.
    Truncated {
        /// Which part.
        section: String,
    },
    /// A section's content does not decode.
    Invalid {
        /// Which part.
        section: String,
        /// What is wrong.
        reason: String,
    },
    /// A required section is absent.
    MissingSection {
        /// Its name.
        section: String,
    },
    /// Trusted keys are pinned and the bundle carries no signature.
    Unsigned,
    /// The signature is not from a trusted key, or the bytes changed after signing.
    BadSignature,
    /// A public or secret key is not 32 valid bytes (64 hex digits).
    InvalidKey,
    /// The bundle is older than the one in force (rollback protection).
    Rollback {
        /// Sequence number of the bundle in force.
        in_force: u64,
        /// Sequence number of the bundle offered.
        offered: u64,
    },
    /// A delta update was refused (see [`delta::PatchError`]).
    Patch(delta::PatchError),
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BundleError::TooSmall { len } => {
                write!(f, "bundle is {len} bytes, too small to be a bundle")
            }
            BundleError::TooLarge { len } => write!(
                f,
                "bundle is {len} bytes, over the {MAX_BUNDLE_BYTES}-byte limit"
            ),
            BundleError::BadMagic => f.write_str("not a Burao bundle (wrong magic bytes)"),
            BundleError::Version { expected, got } => write!(
                f,
                "bundle format version {got}, this library reads versions {OLDEST_FORMAT_VERSION} to {expected}: rebuild the bundle with a matching `burao build`"
            ),
            BundleError::Checksum { expected, got } => write!(
                f,
                "bundle checksum mismatch (stored {expected:08x}, computed {got:08x}): the file is corrupt or truncated"
            ),
            BundleError::Truncated { section } => {
                write!(f, "bundle section `{section}` runs past the end of the file")
            }
            BundleError::Invalid { section, reason } => {
                write!(f, "bundle section `{section}` is invalid: {reason}")
            }
            BundleError::MissingSection { section } => {
                write!(f, "bundle has no `{section}` section")
            }
            BundleError::Unsigned => f.write_str(
                "bundle is not signed, and this screener only accepts bundles signed by a trusted key",
            ),
            BundleError::BadSignature => f.write_str(
                "bundle signature does not verify against any trusted key: it was changed after signing or signed by another key",
            ),
            BundleError::InvalidKey => f.write_str("key is not a valid 32-byte Ed25519 key (64 hex digits)"),
            BundleError::Rollback { in_force, offered } => write!(
                f,
                "bundle sequence {offered} is older than the bundle in force ({in_force}): refused as a rollback"
            ),
            BundleError::Patch(e) => write!(f, "patch refused: {e}"),
        }
    }
}

impl std::error::Error for BundleError {}

/// Bytes shared between a bundle and the structures that read it in place.
#[derive(Clone)]
pub struct ByteView {
    backing: Backing,
    start: usize,
    end: usize,
}

#[derive(Clone)]
enum Backing {
    Static(&'static [u8]),
    /// `Arc<Vec>`, not `Arc<[u8]>`: turning the caller's `Vec` into an
    /// `Arc<[u8]>` copies it, which doubles the peak while a big bundle loads.
    Shared(Arc<Vec<u8>>),
}

impl ByteView {
    fn whole(backing: Backing) -> ByteView {
        let end = match &backing {
            Backing::Static(s) => s.len(),
            Backing::Shared(s) => s.len(),
        };
        ByteView {
            backing,
            start: 0,
            end,
        }
    }

    fn slice(&self, start: usize, end: usize) -> ByteView {
        ByteView {
            backing: self.backing.clone(),
            start: self.start + start,
            end: self.start + end,
        }
    }
}

impl AsRef<[u8]> for ByteView {
    fn as_ref(&self) -> &[u8] {
        let all = match &self.backing {
            Backing::Static(s) => s,
            Backing::Shared(s) => &s[..],
        };
        &all[self.start..self.end]
    }
}

impl fmt::Debug for ByteView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ByteView({} bytes)", self.end - self.start)
    }
}

/// A verified, loaded bundle.
pub struct Bundle {
    signed: bool,
    format_version: u32,
    bytes: ByteView,
    metadata: Metadata,
    sections: Vec<SectionDesc>,
    lists: PrefixList<ByteView>,
}

impl fmt::Debug for Bundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Bundle")
            .field("metadata", &self.metadata)
            .field("bytes", &self.bytes)
            .finish()
    }
}

/// A summary of a bundle for people and apps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleInfo {
    /// The bundle's metadata.
    pub metadata: Metadata,
    /// Total size in bytes.
    pub size: u64,
    /// Number of list patterns.
    pub patterns: u64,
    /// Number of distinct list entries.
    pub entries: u64,
    /// Each section's name and size in bytes.
    pub sections: Vec<(String, u64)>,
    /// The format version the bundle was written in (2 only when its lists
    /// hold a fixed-length pattern).
    pub format_version: u32,
    /// The SMS model's format version, when the bundle carries one. Set by
    /// [`crate::Screener::bundle_info`] and [`crate::engine::Content::info`],
    /// which decode the model; [`Bundle::info`] leaves it `None`.
    pub sms_model_version: Option<u32>,
}

impl Bundle {
    /// Loads and verifies a bundle that lives for the whole program (embedded).
    pub fn from_static(bytes: &'static [u8]) -> Result<Bundle, BundleError> {
        Bundle::parse(ByteView::whole(Backing::Static(bytes)))
    }

    /// Loads and verifies a bundle from owned bytes.
    pub fn from_vec(bytes: Vec<u8>) -> Result<Bundle, BundleError> {
        if bytes.len() > MAX_BUNDLE_BYTES {
            return Err(BundleError::TooLarge { len: bytes.len() });
        }
        Bundle::parse(ByteView::whole(Backing::Shared(Arc::new(bytes))))
    }

    fn parse(view: ByteView) -> Result<Bundle, BundleError> {
        let whole = view.as_ref();
        if whole.len() > MAX_BUNDLE_BYTES {
            return Err(BundleError::TooLarge { len: whole.len() });
        }
        // Whether the signature is trusted is the screener's call; here the
        // trailer is only set aside so the offsets below cover the content.
        let (b, signature) = signature::split(whole);
        if b.len() < 20 {
            return Err(BundleError::TooSmall { len: b.len() });
        }
        if &b[..8] != MAGIC {
            return Err(BundleError::BadMagic);
        }
        let version = codec::version(b);
        if !(OLDEST_FORMAT_VERSION..=FORMAT_VERSION).contains(&version) {
            return Err(BundleError::Version {
                expected: FORMAT_VERSION,
                got: version,
            });
        }
        let body = codec::verified(b)
            .map_err(|m| BundleError::Checksum {
                expected: m.stored,
                got: m.computed,
            })?
            .len();
        let header_len = u32::from_le_bytes([b[12], b[13], b[14], b[15]]) as usize;
        let header_end = 16usize
            .checked_add(header_len)
            .filter(|&e| e <= body)
            .ok_or_else(|| BundleError::Truncated {
                section: "header".into(),
            })?;
        let header: Header =
            codec::decode(&b[16..header_end]).map_err(|reason| BundleError::Invalid {
                section: "header".into(),
                reason,
            })?;
        if header.sections.len() > MAX_SECTIONS {
            return Err(BundleError::Invalid {
                section: "header".into(),
                reason: format!("{} sections, at most {MAX_SECTIONS}", header.sections.len()),
            });
        }
        for (i, s) in header.sections.iter().enumerate() {
            if header.sections[..i].iter().any(|e| e.name == s.name) {
                return Err(BundleError::Invalid {
                    section: "header".into(),
                    reason: format!("section {} appears twice", crate::redact::quoted(&s.name)),
                });
            }
        }
        // A region this build cannot read would fail every verdict later:
        // refuse the bundle now, as a bundle error.
        if let Err(e) = crate::number::Region::parse(&header.metadata.region) {
            return Err(BundleError::Invalid {
                section: "header".into(),
                reason: format!("metadata region: {e}"),
            });
        }
        for s in &header.sections {
            let end = s.offset.checked_add(s.len);
            if s.offset < header_end as u64 || end.is_none_or(|e| e > body as u64) {
                return Err(BundleError::Truncated {
                    section: s.name.clone(),
                });
            }
        }
        let find = |name: &str| -> Result<ByteView, BundleError> {
            header
                .sections
                .iter()
                .find(|s| s.name == name)
                .map(|s| view.slice(s.offset as usize, (s.offset + s.len) as usize))
                .ok_or_else(|| BundleError::MissingSection {
                    section: name.into(),
                })
        };
        let entries = decode_entries(find(SECTION_LIST_ENTRIES)?.as_ref())?;
        // The bundle checksum above covered the fst's bytes.
        let lists =
            PrefixList::in_verified_bundle(find(SECTION_LIST_FST)?, entries).map_err(|reason| {
                BundleError::Invalid {
                    section: SECTION_LIST_FST.into(),
                    reason,
                }
            })?;
        Ok(Bundle {
            signed: signature.is_some(),
            format_version: version,
            bytes: view,
            metadata: header.metadata,
            sections: header.sections,
            lists,
        })
    }

    /// The bundle's metadata.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The number lists.
    pub fn lists(&self) -> &PrefixList<ByteView> {
        &self.lists
    }

    /// The raw bytes of a named section, if present.
    pub fn section(&self, name: &str) -> Option<&[u8]> {
        self.sections
            .iter()
            .find(|s| s.name == name)
            .map(|s| &self.bytes.as_ref()[s.offset as usize..(s.offset + s.len) as usize])
    }

    /// True when the file carries a signature trailer (not whether it is trusted).
    pub fn is_signed(&self) -> bool {
        self.signed
    }

    /// The whole file, signature trailer included.
    pub fn bytes(&self) -> &[u8] {
        self.bytes.as_ref()
    }

    /// A summary: metadata, counts, section sizes (the model's version is
    /// left to [`crate::engine::Content::info`]).
    pub fn info(&self) -> BundleInfo {
        BundleInfo {
            metadata: self.metadata.clone(),
            size: self.bytes.as_ref().len() as u64,
            patterns: self.lists.len() as u64,
            entries: self.lists.entries().len() as u64,
            sections: self
                .sections
                .iter()
                .map(|s| (s.name.clone(), s.len))
                .collect(),
            format_version: self.format_version,
            sms_model_version: None,
        }
    }
}

fn decode_entries(bytes: &[u8]) -> Result<Vec<ListEntry>, BundleError> {
    let invalid = |reason: String| BundleError::Invalid {
        section: SECTION_LIST_ENTRIES.into(),
        reason,
    };
    let records: Vec<EntryRecord> = codec::decode(bytes).map_err(invalid)?;
    records
        .into_iter()
        .map(|r| {
            let category = match r.category {
                None => None,
                Some(c) => Some(
                    Category::parse(&c)
                        .ok_or_else(|| invalid(format!("unknown category `{c}`")))?,
                ),
            };
            let action = ListAction::parse(&r.action)
                .ok_or_else(|| invalid(format!("unknown action `{}`", r.action)))?;
            Ok(ListEntry {
                category,
                action,
                label: r.label,
            })
        })
        .collect()
}

/// Assembles a bundle file.
#[derive(Debug, Clone)]
pub struct BundleWriter {
    metadata: Metadata,
    sections: Vec<(String, Vec<u8>)>,
}

impl BundleWriter {
    /// A writer with no sections yet.
    pub fn new(metadata: Metadata) -> BundleWriter {
        BundleWriter {
            metadata,
            sections: Vec::new(),
        }
    }

    /// Adds the two list sections.
    pub fn lists(self, lists: &BuiltLists) -> BundleWriter {
        let records: Vec<EntryRecord> = lists
            .entries
            .iter()
            .map(|e| EntryRecord {
                category: e.category.map(|c| c.as_str().to_string()),
                action: e.action.as_str().to_string(),
                label: e.label.clone(),
            })
            .collect();
        self.section(SECTION_LIST_FST, lists.fst.clone())
            .section(SECTION_LIST_ENTRIES, codec::encode(&records))
    }

    /// Adds (or replaces) a named section.
    pub fn section(mut self, name: &str, bytes: Vec<u8>) -> BundleWriter {
        self.sections.retain(|(n, _)| n != name);
        self.sections.push((name.to_string(), bytes));
        self
    }

    /// Writes the file: header, aligned sections, checksum.
    pub fn to_bytes(&self) -> Vec<u8> {
        // The header's size depends on the offsets it holds; offsets are
        // varint-encoded, so iterate until the layout is stable.
        let mut header_len = 0usize;
        loop {
            let (header, _) = self.layout(header_len);
            let encoded = codec::encode(&header);
            if encoded.len() == header_len {
                break;
            }
            header_len = encoded.len();
        }
        let (header, total) = self.layout(header_len);
        let mut out = Vec::with_capacity(total + 4);
        out.extend_from_slice(MAGIC);
        let fixed = self
            .sections
            .iter()
            .any(|(name, bytes)| name == SECTION_LIST_FST && crate::lists::has_fixed_length(bytes));
        let version = if fixed {
            FORMAT_VERSION
        } else {
            OLDEST_FORMAT_VERSION
        };
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&(header_len as u32).to_le_bytes());
        out.extend_from_slice(&codec::encode(&header));
        for (desc, (_, bytes)) in header.sections.iter().zip(&self.sections) {
            out.resize(desc.offset as usize, 0);
            out.extend_from_slice(bytes);
        }
        out.resize(total, 0);
        codec::append_checksum(&mut out);
        out
    }

    fn layout(&self, header_len: usize) -> (Header, usize) {
        let mut offset = align8(16 + header_len);
        let mut sections = Vec::new();
        for (name, bytes) in &self.sections {
            sections.push(SectionDesc {
                name: name.clone(),
                offset: offset as u64,
                len: bytes.len() as u64,
            });
            offset = align8(offset + bytes.len());
        }
        (
            Header {
                metadata: self.metadata.clone(),
                sections,
            },
            offset,
        )
    }
}

fn align8(n: usize) -> usize {
    (n + 7) & !7
}

/// Small lists and bundles for the crate's unit tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::{BundleWriter, Metadata};
    use crate::lists::{BuiltLists, ListAction, ListBuilder};
    use crate::number::Region;

    /// Lists from CSV rows (`pattern,category,action,label`), read in China.
    pub(crate) fn lists(rows: &str) -> BuiltLists {
        let mut l = ListBuilder::new(Region::cn());
        let csv = format!("pattern,category,action,label\n{rows}");
        l.add_csv("t.csv", &csv, ListAction::Block).unwrap();
        l.build().unwrap()
    }

    /// A bundle that silences `+86170*`, with `sequence`.
    pub(crate) fn bundle(sequence: u64) -> Vec<u8> {
        let mut m = Metadata::new("t", "1", "CN");
        m.sequence = sequence;
        BundleWriter::new(m)
            .lists(&lists("170*,harassment,silence,v\n"))
            .to_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::lists;
    use super::*;

    fn sample() -> Vec<u8> {
        let mut m = Metadata::new("t", "1", "CN");
        m.sequence = 7;
        BundleWriter::new(m)
            .lists(&lists("170*,harassment,silence,v\n95588,,allow,bank\n"))
            .section("extra", vec![1, 2, 3])
            .to_bytes()
    }

    #[test]
    fn round_trip() {
        let b = Bundle::from_vec(sample()).unwrap();
        assert_eq!(b.metadata().sequence, 7);
        assert_eq!(b.section("extra"), Some(&[1u8, 2, 3][..]));
        assert_eq!(b.lists().len(), 2);
        let info = b.info();
        assert_eq!(info.patterns, 2);
        assert_eq!(info.sections.len(), 3);
        assert_eq!(sample(), sample(), "writing is deterministic");
    }

    #[test]
    fn duplicate_sections_and_unknown_regions_are_refused_at_load() {
        let lists = lists("170*,,block,v\n");
        let mut w = BundleWriter::new(Metadata::new("t", "1", "CN")).lists(&lists);
        let twin = w.sections[0].clone();
        w.sections.push(twin);
        let e = Bundle::from_vec(w.to_bytes()).unwrap_err();
        assert!(
            matches!(&e, BundleError::Invalid { reason, .. } if reason.contains("appears twice")),
            "{e}"
        );
        let w = BundleWriter::new(Metadata::new("t", "1", "XX")).lists(&lists);
        let e = Bundle::from_vec(w.to_bytes()).unwrap_err();
        assert!(
            matches!(&e, BundleError::Invalid { reason, .. } if reason.contains("region")),
            "{e}"
        );
    }

    #[test]
    fn every_corruption_is_named() {
        let good = sample();
        assert_eq!(
            Bundle::from_vec(vec![]).unwrap_err(),
            BundleError::TooSmall { len: 0 }
        );
        let mut bad = good.clone();
        bad[0] = b'X';
        assert_eq!(Bundle::from_vec(bad).unwrap_err(), BundleError::BadMagic);
        let mut bad = good.clone();
        bad[8] = 9;
        assert_eq!(
            Bundle::from_vec(bad).unwrap_err(),
            BundleError::Version {
                expected: 2,
                got: 9
            }
        );
        let mut bad = good.clone();
        let mid = bad.len() / 2;
        bad[mid] ^= 0xff;
        assert!(matches!(
            Bundle::from_vec(bad).unwrap_err(),
            BundleError::Checksum { .. }
        ));
        let cut = good[..good.len() - 10].to_vec();
        assert!(matches!(
            Bundle::from_vec(cut).unwrap_err(),
            BundleError::Checksum { .. }
        ));
    }

    #[test]
    fn a_checksummed_lie_is_still_caught() {
        // Re-sign a file whose header claims a section past the end.
        let good = sample();
        let header_len = u32::from_le_bytes(good[12..16].try_into().unwrap()) as usize;
        let mut header: Header = codec::decode(&good[16..16 + header_len]).unwrap();
        header.sections[0].len = 1 << 30;
        let enc = codec::encode(&header);
        let mut bad = good[..12].to_vec();
        bad.extend_from_slice(&(enc.len() as u32).to_le_bytes());
        bad.extend_from_slice(&enc);
        bad.extend_from_slice(&good[16 + header_len..good.len() - 4]);
        let crc = crate::crc::hash(&bad);
        bad.extend_from_slice(&crc.to_le_bytes());
        assert!(matches!(
            Bundle::from_vec(bad).unwrap_err(),
            BundleError::Truncated { .. }
        ));
    }

    #[test]
    fn missing_sections_are_named() {
        let bytes = BundleWriter::new(Metadata::new("t", "1", "CN")).to_bytes();
        assert_eq!(
            Bundle::from_vec(bytes).unwrap_err().to_string(),
            "bundle has no `lists.entries` section"
        );
    }
}
