package org.burao;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.burao.testsupport.TestEnv;
import org.junit.Test;

/**
 * A Java caller, compiled by javac against the Kotlin classes: every name here is the plain
 * Kotlin name. A ULong or UInt in a signature would mangle it (reportFeedback-lY-8dp8) and
 * break this file's compile, not only this test.
 */
public class JavaCallerTest {
    private static final String RULES =
        "{\"schema\":1,\"rules\":[{\"id\":\"r\",\"number\":\"139*\",\"action\":\"block\"}]}";

    @Test
    public void javaCallsTheBindingsByTheirPlainNames() throws Exception {
        try (Screener s = new Screener();
             Screener test = Screener.Companion.fromBundle(TestEnv.INSTANCE.testBundle())) {
            Verdict v = test.screenCall("199 1234 5678", false);  // +86199* is silenced there
            assertEquals(Action.SILENCE, v.getAction());
            assertEquals(test.bundleInfo().getMetadata().getSequence(), v.getBundleSequence());
            BundleInfo info = s.bundleInfo();
            long sequence = s.screenCall("+86 170 0000 0000", false).getBundleSequence();
            assertEquals(info.getMetadata().getSequence(), sequence);
            long size = info.getSize();
            assertTrue(size > 0 && info.getPatterns() > 0 && info.getEntries() > 0);
            assertTrue(info.getHasSmsModel());
            assertEquals(Integer.valueOf(3), info.getSmsModelVersion());
            int rules = s.setRules(RULES);
            assertEquals(1, rules);
            long id = s.reportFeedback("10690001", null, true, 1_796_083_200L);
            assertEquals(id, s.feedback().get(0).getId());
            assertTrue(s.undoFeedback(id));
            BehaviourConfig b = s.behaviour();
            int cap = b.getHistoryCap();
            assertTrue(cap > 0);
            CallScreeningAdvice advice = CallScreeningAdvice.forVerdict(v);
            assertTrue(advice.getSilenceCall());
            assertFalse(advice.getDisallowCall());
            assertEquals(CallScreeningAdvice.BLOCK, CallScreeningAdvice.forAction(Action.BLOCK));
            try (CallKitExporter x = new CallKitExporter(TestEnv.INSTANCE.testBundle(), null, 1000L, 100)) {
                long budget = x.report().getBudget();
                assertEquals(1000L, budget);
            }
        }
    }

    @Test
    public void millisecondsAreRefusedWithAClearMessage() throws Exception {
        try (Screener s = new Screener()) {
            s.reportFeedback("10690001", null, true, System.currentTimeMillis());
            fail("milliseconds must be refused");
        } catch (BuraoException.InvalidInput e) {
            assertTrue(e.getMessage(), e.getMessage().contains("milliseconds"));
            assertEquals(e.getMessage(), BuraoExceptionsKt.getReason(e));
        } catch (BuraoException e) {
            fail("expected InvalidInput, got " + e);
        }
    }
}
