"""Readers of SIPRI's export formats: each turns one file into typed rows plus a Report.

sources → store → analytics: readers never touch the database.
"""
