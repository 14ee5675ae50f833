//! The one codec of every Burao file: bundles, state files and delta patches.
//!
//! **The envelope**: an 8-byte magic, the format version (`u32`,
//! little-endian), the content, and the CRC-32 (little-endian) of everything
//! before it. Each format keeps its own order of checks and its own errors;
//! the byte layout lives here once.
//!
//! **The structured content**: the one place that touches `bincode`.
//! Bincode 2.0 is frozen upstream (RUSTSEC-2025-0141), so every structured
//! byte goes through [`encode`] and [`decode`], and decoding always runs with
//! an allocation limit.

use std::fmt;

use bincode::config::{self, Configuration, LittleEndian, Varint};

/// Structured sections decode with at most this many bytes of allocation.
pub const DECODE_LIMIT: usize = 64 << 20;

fn base() -> Configuration<LittleEndian, Varint> {
    config::standard()
}

/// Encodes a value with the fixed configuration of every Burao file.
pub(crate) fn encode<T: bincode::Encode>(value: &T) -> Vec<u8> {
    // Encoding into a Vec cannot fail for our plain data types.
    bincode::encode_to_vec(value, base()).expect("encoding plain data into a Vec cannot fail")
}

/// Why structured content did not decode. The message says what is wrong
/// with the bytes (a length, a tag), never what they hold.
#[derive(Debug)]
pub(crate) enum DecodeError {
    /// Bincode refused the bytes (bad tag, over the limit, cut short).
    Malformed(bincode::error::DecodeError),
    /// The value ended before the bytes did.
    Trailing {
        /// Bytes left over.
        bytes: usize,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Malformed(e) => e.fmt(f),
            DecodeError::Trailing { bytes } => write!(f, "{bytes} trailing bytes"),
        }
    }
}

impl std::error::Error for DecodeError {}

// The public error types carry the reason as text (`BundleError::Invalid`,
// the model's and the institution table's errors).
impl From<DecodeError> for String {
    fn from(e: DecodeError) -> String {
        e.to_string()
    }
}

/// Decodes a value that must use every byte, allocating at most [`DECODE_LIMIT`].
pub(crate) fn decode<T: bincode::Decode<()>>(bytes: &[u8]) -> Result<T, DecodeError> {
    let cfg = base().with_limit::<DECODE_LIMIT>();
    let (value, used) = bincode::decode_from_slice(bytes, cfg).map_err(DecodeError::Malformed)?;
    if used != bytes.len() {
        return Err(DecodeError::Trailing {
            bytes: bytes.len() - used,
        });
    }
    Ok(value)
}

/// Decodes a value from the start of `bytes` and returns the bytes after it,
/// for a format that appends fields in a later version (the SMS model). Not
/// shared with [`decode`]: that one is inlined into every reader, and the
/// split cost them 1 KB of library.
pub(crate) fn decode_prefix<T: bincode::Decode<()>>(
    bytes: &[u8],
) -> Result<(T, &[u8]), DecodeError> {
    let cfg = base().with_limit::<DECODE_LIMIT>();
    let (value, used) = bincode::decode_from_slice(bytes, cfg).map_err(DecodeError::Malformed)?;
    Ok((value, &bytes[used..]))
}

/// Bytes before the content: magic and version.
pub(crate) const HEADER: usize = 12;

/// `magic`, `version`, `payload` and the checksum, as one file.
pub(crate) fn seal(magic: &[u8; 8], version: u32, payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + payload.len() + 4);
    out.extend_from_slice(magic);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(payload);
    append_checksum(&mut out);
    out
}

/// Appends the CRC-32 of `out`.
pub(crate) fn append_checksum(out: &mut Vec<u8>) {
    let crc = crate::crc::hash(out);
    out.extend_from_slice(&crc.to_le_bytes());
}

/// The version field of a file at least [`HEADER`] bytes long.
pub(crate) fn version(bytes: &[u8]) -> u32 {
    u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]])
}

/// A checksum that does not match: what the file says, what its bytes give.
pub(crate) struct Mismatch {
    pub stored: u32,
    pub computed: u32,
}

/// Everything before the trailing checksum of a file at least 4 bytes long,
/// once the checksum matches.
pub(crate) fn verified(bytes: &[u8]) -> Result<&[u8], Mismatch> {
    let (content, trailer) = bytes.split_at(bytes.len() - 4);
    let stored = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
    let computed = crate::crc::hash(content);
    if stored == computed {
        Ok(content)
    } else {
        Err(Mismatch { stored, computed })
    }
}

/// Refuses a serialised section of `len` bytes over its `max`, in the words
/// every size check uses.
pub(crate) fn check_size(len: usize, max: usize) -> Result<(), String> {
    if len > max {
        return Err(format!("{len} bytes, over the {max}-byte limit"));
    }
    Ok(())
}

/// What a format's envelope must be: its magic, the versions this build
/// reads (the last one is the newest) and its size bounds.
pub(crate) struct Format {
    pub magic: &'static [u8; 8],
    pub versions: std::ops::RangeInclusive<u32>,
    /// Fewer bytes than this are [`EnvelopeError::TooSmall`].
    pub min_len: usize,
    /// More bytes than this are [`EnvelopeError::TooLarge`].
    pub max_len: usize,
    /// What the file is called in messages ("bundle", "patch").
    pub noun: &'static str,
    /// Said after the size limit ("" or ": ship the full bundle").
    pub too_large_advice: &'static str,
    /// What to do about another format version.
    pub version_advice: &'static str,
}

impl Format {
    /// The message of an envelope error: sizes, versions and checksums only.
    pub(crate) fn describe(&self, e: EnvelopeError, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = self.noun;
        match e {
            EnvelopeError::TooSmall { len } => {
                write!(f, "{noun} is {len} bytes, too small to be a {noun}")
            }
            EnvelopeError::TooLarge { len } => write!(
                f,
                "{noun} is {len} bytes, over the {}-byte limit{}",
                self.max_len, self.too_large_advice
            ),
            EnvelopeError::BadMagic => write!(f, "not a Burao {noun} (wrong magic bytes)"),
            EnvelopeError::Version { expected, got } => {
                write!(f, "{noun} format version {got}, this library reads ")?;
                match *self.versions.start() {
                    first if first == expected => write!(f, "version {expected}")?,
                    first => write!(f, "versions {first} to {expected}")?,
                }
                write!(f, ": {}", self.version_advice)
            }
            EnvelopeError::Checksum { expected, got } => write!(
                f,
                "{noun} checksum mismatch (stored {expected:08x}, computed {got:08x}): the file is corrupt or truncated"
            ),
        }
    }
}

/// Why an envelope was refused, before its content is read: the five
/// variants every format's error enum starts with (see [`file_error`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnvelopeError {
    TooSmall { len: usize },
    TooLarge { len: usize },
    BadMagic,
    Version { expected: u32, got: u32 },
    Checksum { expected: u32, got: u32 },
}

/// Checks, in this order, size, magic, version and checksum; gives the
/// version and everything before the checksum (header included).
pub(crate) fn open<'a>(bytes: &'a [u8], format: &Format) -> Result<(u32, &'a [u8]), EnvelopeError> {
    let len = bytes.len();
    if len > format.max_len {
        return Err(EnvelopeError::TooLarge { len });
    }
    if len < format.min_len.max(HEADER + 4) {
        return Err(EnvelopeError::TooSmall { len });
    }
    if &bytes[..8] != format.magic {
        return Err(EnvelopeError::BadMagic);
    }
    let got = version(bytes);
    if !format.versions.contains(&got) {
        return Err(EnvelopeError::Version {
            expected: *format.versions.end(),
            got,
        });
    }
    let content = verified(bytes).map_err(|m| EnvelopeError::Checksum {
        expected: m.stored,
        got: m.computed,
    })?;
    Ok((got, content))
}

/// Declares a file format's public error enum: the five envelope variants
/// (`TooSmall`, `TooLarge`, `BadMagic`, `Version`, `Checksum`, as
/// [`EnvelopeError`] has them), then the format's own variants; the one
/// `From<EnvelopeError>` mapping; and `Display`, the envelope variants
/// through [`Format::describe`], the format's own through the arms given
/// after `display(f)`. `limit` names the size-limit constant for the docs.
macro_rules! file_error {
    // The mapping and `Display`, one line per envelope variant.
    (@impls $name:ident, $format:path, $f:ident, { $($arms:tt)* },
        $($v:ident { $($field:ident),* }),*) => {
        impl From<$crate::codec::EnvelopeError> for $name {
            fn from(e: $crate::codec::EnvelopeError) -> $name {
                use $crate::codec::EnvelopeError as E;
                match e {
                    $(E::$v { $($field),* } => $name::$v { $($field),* },)*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, $f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                use $crate::codec::EnvelopeError as E;
                match self {
                    $($name::$v { $($field),* } => {
                        $format.describe(E::$v { $($field: *$field),* }, $f)
                    })*
                    $($arms)*
                }
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident (format = $format:path, limit = $limit:ident) { $($own:tt)* }
        display($f:ident) { $($arms:tt)* }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            /// Shorter than the fixed header and checksum.
            TooSmall {
                /// Bytes given.
                len: usize,
            },
            #[doc = concat!("Larger than [`", stringify!($limit), "`].")]
            TooLarge {
                /// Bytes given.
                len: usize,
            },
            /// Not this kind of Burao file at all (wrong magic bytes).
            BadMagic,
            /// Written by another format version.
            Version {
                /// What this build reads (the newest version).
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
            $($own)*
        }

        $crate::codec::file_error!(@impls $name, $format, $f, { $($arms)* },
            TooSmall { len }, TooLarge { len }, BadMagic {},
            Version { expected, got }, Checksum { expected, got });
    };
}
pub(crate) use file_error;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_limits() {
        let v: Vec<String> = vec!["a".into(), "bc".into()];
        assert_eq!(decode::<Vec<String>>(&encode(&v)).unwrap(), v);
        let mut extra = encode(&v);
        extra.push(0);
        let e = decode::<Vec<String>>(&extra).unwrap_err();
        assert!(matches!(e, DecodeError::Trailing { bytes: 1 }), "{e:?}");
        assert_eq!(e.to_string(), "1 trailing bytes");
        // A length prefix claiming 2^40 elements is refused, not allocated.
        let huge = encode(&(1u64 << 40));
        let e = decode::<Vec<u8>>(&huge).unwrap_err();
        assert!(matches!(e, DecodeError::Malformed(_)), "{e:?}");
    }

    #[test]
    fn envelope_errors_keep_each_format_s_words() {
        use crate::bundle::delta::PatchError as P;
        use crate::bundle::BundleError as B;
        // One text per line, in the order of the values below.
        let want = "\
patch is 3 bytes, too small to be a patch
bundle is 5 bytes, too small to be a bundle
patch is 41943040 bytes, over the 33554432-byte limit: ship the full bundle
bundle is 314572800 bytes, over the 268435456-byte limit
not a Burao patch (wrong magic bytes)
not a Burao bundle (wrong magic bytes)
patch format version 9, this library reads version 1: fetch the full bundle
bundle format version 7, this library reads versions 1 to 2: rebuild the bundle with a matching `burao build`
patch checksum mismatch (stored 000000ab, computed 00001234): the file is corrupt or truncated
bundle checksum mismatch (stored 00000001, computed 00000002): the file is corrupt or truncated
the bundle in force changed while the patch was applied: check the new bundle and retry
bundle is not signed, and this screener only accepts bundles signed by a trusted key";
        let errors: [&dyn std::fmt::Display; 12] = [
            &P::TooSmall { len: 3 },
            &B::TooSmall { len: 5 },
            &P::TooLarge { len: 40 << 20 },
            &B::TooLarge { len: 300 << 20 },
            &P::BadMagic,
            &B::BadMagic,
            &P::Version {
                expected: 1,
                got: 9,
            },
            &B::Version {
                expected: 2,
                got: 7,
            },
            &P::Checksum {
                expected: 0xab,
                got: 0x1234,
            },
            &B::Checksum {
                expected: 1,
                got: 2,
            },
            &P::BaseChanged,
            &B::Unsigned,
        ];
        let got: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(got.join("\n"), want);
        // The mapping keeps every field.
        let e = EnvelopeError::Version {
            expected: 2,
            got: 7,
        };
        assert_eq!(
            B::from(e),
            B::Version {
                expected: 2,
                got: 7
            }
        );
        assert_eq!(
            P::from(EnvelopeError::TooSmall { len: 4 }),
            P::TooSmall { len: 4 }
        );
    }

    #[test]
    fn a_sealed_file_reads_back_and_any_flip_is_seen() {
        let f = seal(b"BURAOTST", 3, b"payload");
        assert_eq!(f.len(), HEADER + 7 + 4);
        assert_eq!((&f[..8], version(&f)), (&b"BURAOTST"[..], 3));
        assert_eq!(&verified(&f).ok().unwrap()[HEADER..], b"payload");
        for i in 0..f.len() {
            let mut g = f.clone();
            g[i] ^= 1;
            assert!(verified(&g).is_err(), "flip at {i}");
        }
    }
}
