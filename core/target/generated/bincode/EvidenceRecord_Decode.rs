impl < __Context > :: bincode :: Decode < __Context > for EvidenceRecord
{
    fn decode < __D : :: bincode :: de :: Decoder < Context = __Context > >
    (decoder : & mut __D) ->core :: result :: Result < Self, :: bincode ::
    error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            sender : :: bincode :: Decode :: decode(decoder) ?, received_unix
            : :: bincode :: Decode :: decode(decoder) ?, category : :: bincode
            :: Decode :: decode(decoder) ?, withdrawn_unix : :: bincode ::
            Decode :: decode(decoder) ?, body : :: bincode :: Decode ::
            decode(decoder) ?,
        })
    }
} impl < '__de, __Context > :: bincode :: BorrowDecode < '__de, __Context >
for EvidenceRecord
{
    fn borrow_decode < __D : :: bincode :: de :: BorrowDecoder < '__de,
    Context = __Context > > (decoder : & mut __D) ->core :: result :: Result <
    Self, :: bincode :: error :: DecodeError >
    {
        core :: result :: Result ::
        Ok(Self
        {
            sender : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, received_unix : :: bincode ::
            BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?,
            category : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?, withdrawn_unix : :: bincode ::
            BorrowDecode ::< '_, __Context >:: borrow_decode(decoder) ?, body
            : :: bincode :: BorrowDecode ::< '_, __Context >::
            borrow_decode(decoder) ?,
        })
    }
}