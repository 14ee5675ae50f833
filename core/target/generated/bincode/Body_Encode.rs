impl :: bincode :: Encode for Body
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.base_hash, encoder) ?; :: bincode
        :: Encode :: encode(&self.base_len, encoder) ?; :: bincode :: Encode
        :: encode(&self.result_hash, encoder) ?; :: bincode :: Encode ::
        encode(&self.result_len, encoder) ?; :: bincode :: Encode ::
        encode(&self.result_format_version, encoder) ?; :: bincode :: Encode
        :: encode(&self.result_sequence, encoder) ?; :: bincode :: Encode ::
        encode(&self.segments, encoder) ?; core :: result :: Result :: Ok(())
    }
}