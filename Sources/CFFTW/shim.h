// FFTW with fftw_complex as a (double, double) pair regardless of include order.
#ifndef PROPS_CFFTW_SHIM_H
#define PROPS_CFFTW_SHIM_H
#define FFTW_NO_Complex
#include <fftw3.h>
#endif
