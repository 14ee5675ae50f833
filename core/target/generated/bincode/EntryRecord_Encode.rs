impl :: bincode :: Encode for EntryRecord
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.category, encoder) ?; :: bincode
        :: Encode :: encode(&self.action, encoder) ?; :: bincode :: Encode ::
        encode(&self.label, encoder) ?; core :: result :: Result :: Ok(())
    }
}