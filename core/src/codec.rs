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

/// Decodes a value that must use every byte, allocating at most [`DECODE_LIMIT`].
pub(crate) fn decode<T: bincode::Decode<()>>(bytes: &[u8]) -> Result<T, String> {
    let cfg = base().with_limit::<DECODE_LIMIT>();
    let (value, used) = bincode::decode_from_slice(bytes, cfg).map_err(|e| e.to_string())?;
    if used != bytes.len() {
        return Err(format!("{} trailing bytes", bytes.len() - used));
    }
    Ok(value)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_limits() {
        let v: Vec<String> = vec!["a".into(), "bc".into()];
        assert_eq!(decode::<Vec<String>>(&encode(&v)).unwrap(), v);
        let mut extra = encode(&v);
        extra.push(0);
        assert!(decode::<Vec<String>>(&extra)
            .unwrap_err()
            .contains("trailing"));
        // A length prefix claiming 2^40 elements is refused, not allocated.
        let huge = encode(&(1u64 << 40));
        assert!(decode::<Vec<u8>>(&huge).is_err());
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
