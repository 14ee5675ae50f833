impl :: bincode :: Encode for ModelRecord
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.version, encoder) ?; :: bincode
        :: Encode :: encode(&self.spam_bits, encoder) ?; :: bincode :: Encode
        :: encode(&self.spam_scale, encoder) ?; :: bincode :: Encode ::
        encode(&self.spam_bias, encoder) ?; :: bincode :: Encode ::
        encode(&self.spam_weights, encoder) ?; :: bincode :: Encode ::
        encode(&self.cat_bits, encoder) ?; :: bincode :: Encode ::
        encode(&self.cat_scale, encoder) ?; :: bincode :: Encode ::
        encode(&self.cat_bias, encoder) ?; :: bincode :: Encode ::
        encode(&self.cat_weights, encoder) ?; :: bincode :: Encode ::
        encode(&self.platt_a, encoder) ?; :: bincode :: Encode ::
        encode(&self.platt_b, encoder) ?; core :: result :: Result :: Ok(())
    }
}