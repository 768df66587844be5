//! Lie groups and the matrix exponential.
//!
//! A Lie group is a manifold that is also a group, so that a tangent vector at the identity
//! (an element of the Lie algebra) can be pushed onto the group by the exponential map and
//! pulled back by the logarithm. This module holds SO(2), SO(3), SE(2), SE(3) and the unit
//! quaternions, each with composition, inverse, exp and log, hat and vee, the adjoint, the
//! group action on points, left and right Jacobians, interpolation, projection of nearly
//! orthogonal matrices onto the group and random sampling; and `expm`, the exponential of any
//! fixed-size square matrix by scaling and squaring with Padé approximants.
