// Quantum teleportation of the state ry(pi/3)|0> from q[0] to q[2].
// Alice measures mid-circuit; Bob corrects with classically controlled gates.
// After the corrections, q[2] holds the state: P(c2 = 1) = sin^2(pi/6) = 0.25.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg m0[1];
creg m1[1];
creg c2[1];
ry(pi/3) q[0];
h q[1];
cx q[1], q[2];
barrier q;
cx q[0], q[1];
h q[0];
measure q[0] -> m0[0];
measure q[1] -> m1[0];
if (m1 == 1) x q[2];
if (m0 == 1) z q[2];
measure q[2] -> c2[0];
