// mlserver: a stand-in for Microsoft ML Server 9.2.1, just enough of a product to
// package, deploy and run. It is not ML Server.
//   mlserver --version                          the version the build was configured with
//   mlserver mean X...                          the arithmetic mean of the numbers
//   mlserver serve [--port N] [--config FILE]   answers "mean X..." lines over TCP on
//                                               the loopback address (the CSD's role)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr const char* kUsage = "usage: mlserver --version | mean X... | serve [--port N] [--config FILE]\n";

std::optional<double> parseNumber(const std::string& text) {
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') return std::nullopt;
  return value;
}

// The mean of `numbers` as text, or an error message starting with "error:".
std::string mean(const std::vector<std::string>& numbers) {
  if (numbers.empty()) return "error: mean needs at least one number";
  double sum = 0;
  for (const std::string& text : numbers) {
    const std::optional<double> value = parseNumber(text);
    if (!value) return "error: '" + text + "' is not a number";
    sum += *value;
  }
  std::ostringstream out;
  out << sum / static_cast<double>(numbers.size());
  return out.str();
}

// key = value lines; '#' starts a comment.
std::map<std::string, std::string> readConfig(const std::string& path) {
  std::map<std::string, std::string> settings;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    line = line.substr(0, line.find('#'));
    const std::size_t equals = line.find('=');
    if (equals == std::string::npos) continue;
    std::istringstream key(line.substr(0, equals));
    std::istringstream value(line.substr(equals + 1));
    std::string k;
    std::string v;
    key >> k;
    value >> v;
    if (!k.empty()) settings[k] = v;
  }
  return settings;
}

std::string answer(const std::string& request) {
  std::istringstream words(request);
  std::string command;
  words >> command;
  std::vector<std::string> arguments;
  for (std::string word; words >> word;) arguments.push_back(word);
  if (command == "mean") return mean(arguments);
  if (command == "version") return MLSERVER_VERSION;
  return "error: unknown request '" + command + "'";
}

int serve(const std::vector<std::string>& options) {
  const char* home = std::getenv("MLSERVER_HOME");
  std::string configPath = std::string(home != nullptr ? home : ".") + "/etc/mlserver/mlserver.conf";
  std::string port;
  for (std::size_t i = 0; i + 1 < options.size(); i += 2) {
    if (options[i] == "--port") {
      port = options[i + 1];
    } else if (options[i] == "--config") {
      configPath = options[i + 1];
    } else {
      std::cerr << kUsage;
      return 2;
    }
  }
  if (options.size() % 2 != 0) {
    std::cerr << kUsage;
    return 2;
  }
  if (port.empty()) port = readConfig(configPath)["port"];
  const std::optional<double> portNumber = parseNumber(port);
  if (!portNumber || *portNumber < 1 || *portNumber > 65535) {
    std::cerr << "mlserver: no valid port (--port, or 'port' in " << configPath << ")\n";
    return 2;
  }

  const int listener = socket(AF_INET, SOCK_STREAM, 0);
  if (listener < 0) {
    std::perror("mlserver: socket");
    return 3;
  }
  const int reuse = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &reuse, sizeof reuse);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(*portNumber));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // a stand-in never listens beyond this host
  if (bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(listener, 8) != 0) {
    std::perror("mlserver: cannot listen");
    return 3;
  }
  std::cout << "mlserver " << MLSERVER_VERSION << " listening on 127.0.0.1:" << port << std::endl;
  // One request line per connection; the process runs until it is killed, as a CM role does.
  while (true) {
    const int client = accept(listener, nullptr, nullptr);
    if (client < 0) continue;
    std::string request;
    char c = 0;
    while (request.size() < 4096 && read(client, &c, 1) == 1 && c != '\n') request += c;
    const std::string reply = answer(request) + "\n";
    (void)!write(client, reply.data(), reply.size());
    close(client);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && args[0] == "--version") {
    std::cout << MLSERVER_VERSION << '\n';
    return EXIT_SUCCESS;
  }
  if (!args.empty() && args[0] == "mean") {
    const std::string result = mean({args.begin() + 1, args.end()});
    if (result.rfind("error:", 0) == 0) {
      std::cerr << "mlserver: " << result << '\n';
      return 2;
    }
    std::cout << result << '\n';
    return EXIT_SUCCESS;
  }
  if (!args.empty() && args[0] == "serve") return serve({args.begin() + 1, args.end()});
  std::cerr << kUsage;
  return 2;
}
