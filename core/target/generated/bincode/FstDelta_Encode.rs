impl :: bincode :: Encode for FstDelta
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.offset, encoder) ?; :: bincode ::
        Encode :: encode(&self.len, encoder) ?; :: bincode :: Encode ::
        encode(&self.base_keys, encoder) ?; :: bincode :: Encode ::
        encode(&self.result_len, encoder) ?; :: bincode :: Encode ::
        encode(&self.remap, encoder) ?; :: bincode :: Encode ::
        encode(&self.removed_count, encoder) ?; :: bincode :: Encode ::
        encode(&self.removed, encoder) ?; :: bincode :: Encode ::
        encode(&self.added_count, encoder) ?; :: bincode :: Encode ::
        encode(&self.added, encoder) ?; core :: result :: Result :: Ok(())
    }
}