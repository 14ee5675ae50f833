//! CRC-32 (IEEE 802.3, the zlib/PNG one) over bundles and state files.
//!
//! One 1 KB table built at compile time, a byte at a time: the `crc32fast`
//! crate it replaces carried a 16 KB table and SIMD code (about 17 KB of the
//! phone library) for speed a checksum read once per load does not need
//! (~500 MB/s here, a few ms for the largest bundles).

const TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xEDB8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// A running checksum.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hasher(u32);

impl Hasher {
    pub(crate) fn new() -> Hasher {
        Hasher(!0)
    }

    pub(crate) fn update(&mut self, bytes: &[u8]) {
        let mut c = self.0;
        for &b in bytes {
            c = TABLE[((c ^ u32::from(b)) & 0xFF) as usize] ^ (c >> 8);
        }
        self.0 = c;
    }

    pub(crate) fn finalize(self) -> u32 {
        !self.0
    }
}

/// The checksum of `bytes`.
pub(crate) fn hash(bytes: &[u8]) -> u32 {
    let mut h = Hasher::new();
    h.update(bytes);
    h.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standard_check_value_and_crc32fast() {
        assert_eq!(hash(b"123456789"), 0xCBF4_3926);
        assert_eq!(hash(b""), 0);
        let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        for cut in [0, 1, 3, 1000, 99_999, 100_000] {
            assert_eq!(hash(&data[..cut]), crc32fast::hash(&data[..cut]));
        }
        let mut h = Hasher::new();
        h.update(&data[..500]);
        h.update(&data[500..]);
        assert_eq!(h.finalize(), crc32fast::hash(&data));
    }
}
