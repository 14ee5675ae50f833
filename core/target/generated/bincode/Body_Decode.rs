impl < __Context > :: bincode :: Decode < __Context > for Body
{
    fn decode < __D : :: bincode :: de :: Decoder < Context = __Context > >
    (decoder : & mut __D) ->core :: result :: Result < Self, :: bincode ::
    error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            base_hash : :: bincode :: Decode :: decode(decoder) ?, base_len :
            :: bincode :: Decode :: decode(decoder) ?, result_hash : ::
            bincode :: Decode :: decode(decoder) ?, result_len : :: bincode ::
            Decode :: decode(decoder) ?, result_format_version : :: bincode ::
            Decode :: decode(decoder) ?, result_sequence : :: bincode ::
            Decode :: decode(decoder) ?, segments : :: bincode :: Decode ::
            decode(decoder) ?,
        })
    }
} impl < '__de, __Context > :: bincode :: BorrowDecode < '__de, __Context >
for Body
{
    fn borrow_decode < __D : :: bincode :: de :: BorrowDecoder < '__de,
    Context = __Context > > (decoder : & mut __D) ->core :: result :: Result <
    Self, :: bincode :: error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            base_hash : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, base_len : :: bincode :: BorrowDecode
            ::< '_, __Context >:: borrow_decode(decoder) ?, result_hash : ::
            bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, result_len : :: bincode :: BorrowDecode
            ::< '_, __Context >:: borrow_decode(decoder) ?,
            result_format_version : :: bincode :: BorrowDecode ::< '_,
            __Context >:: borrow_decode(decoder) ?, result_sequence : ::
            bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, segments : :: bincode :: BorrowDecode
            ::< '_, __Context >:: borrow_decode(decoder) ?,
        })
    }
}