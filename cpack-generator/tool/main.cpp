#include <cstdio>
int main() {
  std::puts("parceltool " PARCEL_VERSION);
  return 0;
}
