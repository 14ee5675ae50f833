package org.burao.demo

import java.io.ByteArrayOutputStream

/**
 * 3GPP TS 23.040 SMS-DELIVER PDUs, written here byte by byte (independent of the framework, which
 * decodes them in the test: a wrong byte fails there). UCS-2 user data (the encoding Chinese
 * texts arrive in), numeric originating address, a fixed China-time timestamp; a long text is
 * split into concatenated parts with an 8-bit-reference UDH, as a network delivers it.
 */
object Pdus {
    /** One PDU per part; at most 67 UCS-2 characters per part when split (70 when not). */
    fun deliver(from: String, body: String, ref: Int = 0x2A): List<ByteArray> {
        val units = body.toCharArray()
        if (units.size <= 70) return listOf(pdu(from, units, null))
        val parts = units.toList().chunked(67).map { it.toCharArray() }
        require(parts.size <= 255)
        return parts.mapIndexed { i, p -> pdu(from, p, byteArrayOf(0x00, 0x03, ref.toByte(), parts.size.toByte(), (i + 1).toByte())) }
    }

    private fun pdu(from: String, text: CharArray, concat: ByteArray?): ByteArray {
        val out = ByteArrayOutputStream()
        out.write(0x00) // no SMSC address in the PDU
        // TP-MTI = 00 (SMS-DELIVER), TP-MMS = 1 (no more messages), TP-UDHI when there is a header.
        out.write(if (concat != null) 0x44 else 0x04)
        val international = from.startsWith("+")
        val digits = from.removePrefix("+")
        require(digits.isNotEmpty() && digits.all(Char::isDigit)) { "numeric senders only" }
        out.write(digits.length) // address length in digits
        out.write(if (international) 0x91 else 0x81)
        out.write(semiOctets(digits))
        out.write(0x00) // TP-PID
        out.write(0x08) // TP-DCS: UCS-2
        out.write(semiOctets("251201091500")) // TP-SCTS 2025-12-01 09:15:00 …
        out.write(0x23) // … +08:00 (32 quarter hours, swapped BCD)
        val ud = ByteArrayOutputStream()
        if (concat != null) {
            ud.write(concat.size) // UDHL: the one concatenation IE (00 03 ref total seq)
            ud.write(concat)
        }
        for (c in text) { ud.write(c.code shr 8); ud.write(c.code and 0xFF) }
        val userData = ud.toByteArray()
        out.write(userData.size) // TP-UDL: octets for UCS-2, header included
        out.write(userData)
        return out.toByteArray()
    }

    /** Digits as swapped nibbles, padded with F. */
    private fun semiOctets(d: String): ByteArray {
        val padded = if (d.length % 2 == 1) d + "F" else d
        return ByteArray(padded.length / 2) { i ->
            val lo = Character.digit(padded[2 * i], 16)
            val hi = Character.digit(padded[2 * i + 1], 16)
            ((hi shl 4) or lo).toByte()
        }
    }
}
