impl :: bincode :: Encode for UserState
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.rules_json, encoder) ?; ::
        bincode :: Encode :: encode(&self.consent, encoder) ?; :: bincode ::
        Encode :: encode(&self.history, encoder) ?; :: bincode :: Encode ::
        encode(&self.feedback, encoder) ?; :: bincode :: Encode ::
        encode(&self.behaviour, encoder) ?; :: bincode :: Encode ::
        encode(&self.emergency, encoder) ?; :: bincode :: Encode ::
        encode(&self.keep_evidence_bodies, encoder) ?; :: bincode :: Encode ::
        encode(&self.utc_offset_minutes, encoder) ?; core :: result :: Result
        :: Ok(())
    }
}