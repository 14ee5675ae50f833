impl :: bincode :: Encode for FeedbackRecord
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.id, encoder) ?; :: bincode ::
        Encode :: encode(&self.channel, encoder) ?; :: bincode :: Encode ::
        encode(&self.sender, encoder) ?; :: bincode :: Encode ::
        encode(&self.is_spam, encoder) ?; :: bincode :: Encode ::
        encode(&self.at_unix, encoder) ?; :: bincode :: Encode ::
        encode(&self.features, encoder) ?; core :: result :: Result :: Ok(())
    }
}