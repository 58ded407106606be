// The program of the GREET parcel: prints the greeting installed beside it.
#include <cstdlib>
#include <iostream>

int main(int argc, char** argv) {
  const char* who = argc > 1 ? argv[1] : "world";
  std::cout << "Hello, " << who << "!\n";
  return EXIT_SUCCESS;
}
