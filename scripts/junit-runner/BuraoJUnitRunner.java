// Runs JUnit 4 test classes and ends with the plain line "N passed, N failed[, N skipped]",
// which CI recognises (JUnitCore's own "OK (N tests)" is not). Exit 1 on any failure
// or when no test ran at all.
import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Request;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

public final class BuraoJUnitRunner {
    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: BuraoJUnitRunner TEST_CLASS...");
            System.exit(2);
        }
        // Counted in the listener (not from Result) so that a class-level failure
        // such as a failing @BeforeClass counts as failed without skewing "passed".
        final int[] n = new int[3]; // passed, failed, skipped
        JUnitCore core = new JUnitCore();
        core.addListener(new RunListener() {
            private boolean failed;
            @Override public void testStarted(Description d) { failed = false; }
            @Override public void testFailure(Failure f) {
                failed = true;
                n[1]++;
                System.out.println("FAIL " + f.getDescription().getDisplayName());
                System.out.println(f.getTrace());
            }
            @Override public void testAssumptionFailure(Failure f) {
                failed = true;
                n[2]++;
                System.out.println("SKIP " + f.getDescription().getDisplayName() + ": " + f.getMessage());
            }
            @Override public void testIgnored(Description d) {
                n[2]++;
                System.out.println("SKIP " + d.getDisplayName());
            }
            @Override public void testFinished(Description d) {
                if (!failed) {
                    n[0]++;
                    System.out.println("PASS " + d.getDisplayName());
                }
            }
        });
        for (String name : args) {
            try {
                core.run(Request.aClass(Class.forName(name)));
            } catch (ClassNotFoundException | LinkageError e) {
                System.out.println("FAIL " + name + ": cannot load class: " + e);
                n[1]++;
            }
        }
        int passed = n[0], failed = n[1], skipped = n[2];
        System.out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : ""));
        if (passed + failed == 0) System.err.println("no test ran");
        System.exit(failed > 0 || passed + failed == 0 ? 1 : 0);
    }
}
