impl < __Context > :: bincode :: Decode < __Context > for ModelRecord
{
    fn decode < __D : :: bincode :: de :: Decoder < Context = __Context > >
    (decoder : & mut __D) ->core :: result :: Result < Self, :: bincode ::
    error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            version : :: bincode :: Decode :: decode(decoder) ?, spam_bits :
            :: bincode :: Decode :: decode(decoder) ?, spam_scale : :: bincode
            :: Decode :: decode(decoder) ?, spam_bias : :: bincode :: Decode
            :: decode(decoder) ?, spam_weights : :: bincode :: Decode ::
            decode(decoder) ?, cat_bits : :: bincode :: Decode ::
            decode(decoder) ?, cat_scale : :: bincode :: Decode ::
            decode(decoder) ?, cat_bias : :: bincode :: Decode ::
            decode(decoder) ?, cat_weights : :: bincode :: Decode ::
            decode(decoder) ?, platt_a : :: bincode :: Decode ::
            decode(decoder) ?, platt_b : :: bincode :: Decode ::
            decode(decoder) ?,
        })
    }
} impl < '__de, __Context > :: bincode :: BorrowDecode < '__de, __Context >
for ModelRecord
{
    fn borrow_decode < __D : :: bincode :: de :: BorrowDecoder < '__de,
    Context = __Context > > (decoder : & mut __D) ->core :: result :: Result <
    Self, :: bincode :: error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            version : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, spam_bits : :: bincode :: BorrowDecode
            ::< '_, __Context >:: borrow_decode(decoder) ?, spam_scale : ::
            bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, spam_bias : :: bincode :: BorrowDecode
            ::< '_, __Context >:: borrow_decode(decoder) ?, spam_weights : ::
            bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, cat_bits : :: bincode :: BorrowDecode
            ::< '_, __Context >:: borrow_decode(decoder) ?, cat_scale : ::
            bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, cat_bias : :: bincode :: BorrowDecode
            ::< '_, __Context >:: borrow_decode(decoder) ?, cat_weights : ::
            bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, platt_a : :: bincode :: BorrowDecode ::<
            '_, __Context >:: borrow_decode(decoder) ?, platt_b : :: bincode
            :: BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
        })
    }
}