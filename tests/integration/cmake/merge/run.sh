#!/bin/sh
echo merge
