// The program the hello parcel ships: prints where the parcel lives.
#include <cstdlib>
#include <iostream>

int main() {
  const char* home = std::getenv("HELLO_HOME");
  std::cout << "Hello from a parcel; HELLO_HOME=" << (home != nullptr ? home : "(unset)") << '\n';
  return EXIT_SUCCESS;
}
