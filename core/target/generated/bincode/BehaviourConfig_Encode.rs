impl :: bincode :: Encode for BehaviourConfig
{
    fn encode < __E : :: bincode :: enc :: Encoder >
    (& self, encoder : & mut __E) ->core :: result :: Result < (), :: bincode
    :: error :: EncodeError >
    {
        :: bincode :: Encode :: encode(&self.range_drop_digits, encoder) ?; ::
        bincode :: Encode :: encode(&self.escalate_after, encoder) ?; ::
        bincode :: Encode :: encode(&self.window_secs, encoder) ?; :: bincode
        :: Encode :: encode(&self.repeat_call_secs, encoder) ?; :: bincode ::
        Encode :: encode(&self.history_cap, encoder) ?; core :: result ::
        Result :: Ok(())
    }
}