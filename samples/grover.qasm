// Grover search over 3 qubits for the marked item |101>: two iterations
// raise its probability from 1/8 to about 0.945.
OPENQASM 2.0;
include "qelib1.inc";
gate oracle a, b, c { x b; h c; ccx a, b, c; h c; x b; }
gate diffuser a, b, c { h a; h b; h c; x a; x b; x c; h c; ccx a, b, c; h c; x a; x b; x c; h a; h b; h c; }
qreg q[3];
creg c[3];
h q;
oracle q[0], q[1], q[2];
diffuser q[0], q[1], q[2];
oracle q[0], q[1], q[2];
diffuser q[0], q[1], q[2];
measure q -> c;
