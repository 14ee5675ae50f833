impl < __Context > :: bincode :: Decode < __Context > for FstDelta
{
    fn decode < __D : :: bincode :: de :: Decoder < Context = __Context > >
    (decoder : & mut __D) ->core :: result :: Result < Self, :: bincode ::
    error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            offset : :: bincode :: Decode :: decode(decoder) ?, len : ::
            bincode :: Decode :: decode(decoder) ?, base_keys : :: bincode ::
            Decode :: decode(decoder) ?, result_len : :: bincode :: Decode ::
            decode(decoder) ?, remap : :: bincode :: Decode :: decode(decoder)
            ?, removed_count : :: bincode :: Decode :: decode(decoder) ?,
            removed : :: bincode :: Decode :: decode(decoder) ?, added_count :
            :: bincode :: Decode :: decode(decoder) ?, added : :: bincode ::
            Decode :: decode(decoder) ?,
        })
    }
} impl < '__de, __Context > :: bincode :: BorrowDecode < '__de, __Context >
for FstDelta
{
    fn borrow_decode < __D : :: bincode :: de :: BorrowDecoder < '__de,
    Context = __Context > > (decoder : & mut __D) ->core :: result :: Result <
    Self, :: bincode :: error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            offset : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, len : :: bincode :: BorrowDecode ::< '_,
            __Context >:: borrow_decode(decoder) ?, base_keys : :: bincode ::
            BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
            result_len : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, remap : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, removed_count : ::
            bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, removed : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, added_count : ::
            bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, added : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?,
        })
    }
}