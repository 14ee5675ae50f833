impl :: bincode :: Encode for FeedbackLog
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.next_id, encoder) ?; :: bincode
        :: Encode :: encode(&self.records, encoder) ?; core :: result ::
        Result :: Ok(())
    }
}