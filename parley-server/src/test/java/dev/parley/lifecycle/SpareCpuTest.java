package dev.parley.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: thumbnails beside a closed loop of sends cost the sends a fifth of their rate even in the
 * idle scheduling class. Background work keeps to a small share of a core while the rest of the node
 * is busy, and runs freely on a quiet node. Driven by a simulated clock: the node's other threads use
 * a set number of cores, the work takes its CPU time in as much wall time.
 */
@Tag("store-free")
class SpareCpuTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A node whose other threads use {@code others} cores, with this thread's work on top. */
    private static final class Node implements SpareCpu.Clocks {
        double others;
        double sendsPerSecond;
        double sent;
        long wall;
        long process;
        long own;
        final List<Long> pauses = new ArrayList<>();

        Node(double others) {
            this.others = others;
        }

        void elapse(long nanos, boolean working) {
            wall += nanos;
            sent += sendsPerSecond * nanos / 1e9;
            process += (long) (others * nanos) + (working ? nanos : 0);
            own += working ? nanos : 0;
        }

        @Override
        public long wallNanos() {
            return wall;
        }

        @Override
        public long processCpuNanos() {
            return process;
        }

        @Override
        public long threadCpuNanos() {
            return own;
        }

        @Override
        public void pause(long nanos) {
            pauses.add(nanos);
            elapse(nanos, false);
        }
    }

    /** Runs {@code jobs} pieces of work of {@code cpu} each back to back; returns the share of a core they took. */
    private static double shareOf(SpareCpu spare, Node node, int jobs, long cpu) throws Exception {
        long wallBefore = node.wall;
        long ownBefore = node.own;
        for (int i = 0; i < jobs; i++) {
            spare.run(() -> {
                node.elapse(cpu, true);
                return null;
            });
        }
        return (node.own - ownBefore) / (double) (node.wall - wallBefore);
    }

    /** Once the next reading has seen the load, the work keeps to little more than its share. */
    private static void assertHeldBack(SpareCpu spare, Node node) throws Exception {
        shareOf(spare, node, 20, 30 * MS);
        assertThat(spare.busy()).isTrue();
        assertThat(shareOf(spare, node, 50, 30 * MS)).isLessThan(0.2);
    }

    @Test
    void besideABusyNodeTheWorkTakesOnlyItsShareOfACore() throws Exception {
        Node node = new Node(1.3);
        SpareCpu spare = new SpareCpu(node, 2);
        shareOf(spare, node, 10, 30 * MS); // the first window's reading
        assertThat(spare.busy()).isTrue();

        double share = shareOf(spare, node, 100, 30 * MS);

        assertThat(share).isBetween(SpareCpu.BUSY_SHARE * 0.9, SpareCpu.BUSY_SHARE * 1.1);
    }

    @Test
    void onAQuietNodeTheWorkNeverPauses() throws Exception {
        Node node = new Node(0.9); // a burst of uploads' own reading, recording and garbage, no text
        SpareCpu spare = new SpareCpu(node, 2);

        double share = shareOf(spare, node, 100, 30 * MS);

        assertThat(node.pauses).isEmpty();
        assertThat(share).isEqualTo(1.0);
    }

    @Test
    void aBurstOfUploadsAloneIsNotHeldBackByItsOwnLoad() throws Exception {
        Node node = new Node(1.6); // the web server reading a hundred bodies, and their garbage
        SpareCpu spare = new SpareCpu(node, 2);
        spare.yieldTo(() -> (long) node.sent);

        double share = shareOf(spare, node, 100, 30 * MS);

        assertThat(node.pauses).isEmpty();
        assertThat(share).isEqualTo(1.0);

        node.sendsPerSecond = 10_000; // then people send messages, and the node is busy with them
        assertHeldBack(spare, node);
    }

    @Test
    void onAMachineWithCoresToSpareTheSameLoadDoesNotHoldTheWorkBack() throws Exception {
        Node node = new Node(1.3);
        SpareCpu spare = new SpareCpu(node, 8);

        double share = shareOf(spare, node, 100, 30 * MS);

        assertThat(spare.busy()).isFalse();
        assertThat(share).isEqualTo(1.0);
    }

    @Test
    void theWorkStartsPausingWhenTheNodeGetsBusyAndStopsWhenItQuietens() throws Exception {
        Node node = new Node(0.1);
        SpareCpu spare = new SpareCpu(node, 2);
        shareOf(spare, node, 20, 30 * MS);
        assertThat(spare.busy()).isFalse();

        node.others = 1.2; // a text load starts on a two-core machine
        assertHeldBack(spare, node);

        node.others = 0.05; // and stops
        shareOf(spare, node, 20, 30 * MS);
        assertThat(spare.busy()).isFalse();
        assertThat(shareOf(spare, node, 50, 30 * MS)).isEqualTo(1.0);
    }

    @Test
    void aPieceOfWorksAnswerNeverWaitsForItsOwnPauseAndIdleTimeCountsTowardsIt() throws Exception {
        Node node = new Node(1.5);
        SpareCpu spare = new SpareCpu(node, 2);
        shareOf(spare, node, 10, 30 * MS);
        spare.run(() -> null); // takes the last pause owed, owes none
        node.pauses.clear();

        long before = node.wall;
        spare.run(() -> {
            node.elapse(30 * MS, true);
            return null;
        });
        assertThat(node.wall - before).isEqualTo(30 * MS); // answered as soon as done
        assertThat(node.pauses).isEmpty();

        long owed = (long) (30 * MS * (1 - SpareCpu.BUSY_SHARE) / SpareCpu.BUSY_SHARE);
        node.elapse(100 * MS, false); // nothing to do for a while: part of the pause owed
        spare.run(() -> null);
        assertThat(node.pauses).hasSize(1);
        assertThat(node.pauses.get(0)).isEqualTo(owed - 100 * MS);
    }

    @Test
    void afterAQuietSpellTheOldBusyReadingIsForgotten() throws Exception {
        Node node = new Node(1.5);
        SpareCpu spare = new SpareCpu(node, 2);
        shareOf(spare, node, 10, 30 * MS);
        assertThat(spare.busy()).isTrue();

        node.others = 0;
        node.elapse(TimeUnit.SECONDS.toNanos(5), false);
        node.pauses.clear();
        shareOf(spare, node, 5, 30 * MS); // a new photo on a node that went quiet

        assertThat(node.pauses).isEmpty();
    }

    @Test
    void oneHugePieceOfWorkPausesTheThreadForAtMostTheCap() throws Exception {
        Node node = new Node(1.5);
        SpareCpu spare = new SpareCpu(node, 2);
        shareOf(spare, node, 1, 5_000 * MS);
        spare.run(() -> null);

        assertThat(node.pauses).containsExactly(SpareCpu.MAX_PAUSE_NANOS);
    }

    @Test
    void thisJvmLetsItReadCpuTime() {
        // Else every node would run image work without pauses, silently.
        assertThat(new SpareCpu().measures()).isTrue();
    }
}
