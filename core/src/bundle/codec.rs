//! The one place that touches `bincode`. Bincode 2.0 is frozen upstream
//! (RUSTSEC-2025-0141), so every structured byte goes through these two
//! functions, and decoding always runs with an allocation limit.

use bincode::config::{self, Configuration, LittleEndian, Varint};

/// Structured sections decode with at most this many bytes of allocation.
pub const DECODE_LIMIT: usize = 64 << 20;

fn base() -> Configuration<LittleEndian, Varint> {
    config::standard()
}

/// Encodes a value with the bundle's fixed configuration.
pub fn encode<T: bincode::Encode>(value: &T) -> Vec<u8> {
    // Encoding into a Vec cannot fail for our plain data types.
    bincode::encode_to_vec(value, base()).expect("encoding plain data into a Vec cannot fail")
}

/// Decodes a value that must use every byte, allocating at most [`DECODE_LIMIT`].
pub fn decode<T: bincode::Decode<()>>(bytes: &[u8]) -> Result<T, String> {
    let cfg = base().with_limit::<DECODE_LIMIT>();
    let (value, used) = bincode::decode_from_slice(bytes, cfg).map_err(|e| e.to_string())?;
    if used != bytes.len() {
        return Err(format!("{} trailing bytes", bytes.len() - used));
    }
    Ok(value)
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
}
