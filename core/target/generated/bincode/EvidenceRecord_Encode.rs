impl :: bincode :: Encode for EvidenceRecord
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.sender, encoder) ?; :: bincode ::
        Encode :: encode(&self.received_unix, encoder) ?; :: bincode :: Encode
        :: encode(&self.category, encoder) ?; :: bincode :: Encode ::
        encode(&self.withdrawn_unix, encoder) ?; :: bincode :: Encode ::
        encode(&self.body, encoder) ?; core :: result :: Result :: Ok(())
    }
}