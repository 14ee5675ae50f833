impl :: bincode :: Encode for CallRecord
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.number_hash, encoder) ?; ::
        bincode :: Encode :: encode(&self.range, encoder) ?; :: bincode ::
        Encode :: encode(&self.at_unix, encoder) ?; :: bincode :: Encode ::
        encode(&self.outcome, encoder) ?; core :: result :: Result :: Ok(())
    }
}