// LAPACKE with plain-struct complex types, so that Swift imports every routine
// (C99 _Complex by value is dropped by the importer).
#ifndef PROPS_CLAPACKE_SHIM_H
#define PROPS_CLAPACKE_SHIM_H
typedef struct { float real; float imag; } props_complex_float;
typedef struct { double real; double imag; } props_complex_double;
#define LAPACK_COMPLEX_CUSTOM
#define lapack_complex_float props_complex_float
#define lapack_complex_double props_complex_double
#include <lapacke.h>
#endif
