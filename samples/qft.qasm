// 4-qubit quantum Fourier transform applied to |0101> (q[1] and q[3] set).
// q[0] is the most significant bit; the final swaps put the output in the same order.
OPENQASM 2.0;
include "qelib1.inc";
qreg q[4];
x q[1];
x q[3];
h q[0];
cp(pi/2) q[1], q[0];
cp(pi/4) q[2], q[0];
cp(pi/8) q[3], q[0];
h q[1];
cp(pi/2) q[2], q[1];
cp(pi/4) q[3], q[1];
h q[2];
cp(pi/2) q[3], q[2];
h q[3];
swap q[0], q[3];
swap q[1], q[2];
