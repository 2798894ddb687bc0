{
  "variables": {
    "hailort_found%": "<!(node scripts/detect-hailort.js found)",
    "hailort_include%": "<!(node scripts/detect-hailort.js include)",
    "hailort_libdir%": "<!(node scripts/detect-hailort.js libdir)",
    "hailort_library%": "<!(node scripts/detect-hailort.js library)"
  },
  "targets": [
    {
      "target_name": "hailort_node",
      "sources": [
        "src/addon/addon.cpp",
        "src/port/status.cpp",
        "src/port/page_buffer.cpp",
        "src/port/generation_driver.cpp",
        "src/sim/sim_device.cpp",
        "src/sim/sim_rules.cpp",
        "src/preprocess/downscale.cpp"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=9", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "conditions": [
        ["hailort_found==1", {
          "sources": ["src/hailort/hailort_device.cpp"],
          "defines": ["HAILORT_NODE_WITH_HAILORT=1"],
          "include_dirs": ["<(hailort_include)"],
          "libraries": ["<(hailort_library)", "-Wl,-rpath,<(hailort_libdir)"]
        }]
      ]
    }
  ]
}
