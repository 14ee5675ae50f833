impl < __Context > :: bincode :: Decode < __Context > for BehaviourConfig
{
    fn decode < __D : :: bincode :: de :: Decoder < Context = __Context > >
    (decoder : & mut __D) ->core :: result :: Result < Self, :: bincode ::
    error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            range_drop_digits : :: bincode :: Decode :: decode(decoder) ?,
            escalate_after : :: bincode :: Decode :: decode(decoder) ?,
            window_secs : :: bincode :: Decode :: decode(decoder) ?,
            repeat_call_secs : :: bincode :: Decode :: decode(decoder) ?,
            history_cap : :: bincode :: Decode :: decode(decoder) ?,
        })
    }
} impl < '__de, __Context > :: bincode :: BorrowDecode < '__de, __Context >
for BehaviourConfig
{
    fn borrow_decode < __D : :: bincode :: de :: BorrowDecoder < '__de,
    Context = __Context > > (decoder : & mut __D) ->core :: result :: Result <
    Self, :: bincode :: error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            range_drop_digits : :: bincode :: BorrowDecode ::< '_, __Context
            >:: borrow_decode(decoder) ?, escalate_after : :: bincode ::
            BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
            window_secs : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, repeat_call_secs : :: bincode ::
            BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
            history_cap : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?,
        })
    }
}